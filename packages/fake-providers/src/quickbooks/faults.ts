import { stringifyJsonExact } from '@ledgersync/unified';
import { intuitDateTime } from './time.js';

/** One entry of a Fault's Error list. */
export interface FaultDetail {
  Message: string;
  Detail: string | null;
  code: string;
  element?: string;
}

/**
 * What the fake answers, before it is rendered for the client's Accept header.
 * - `entity`: a success body (`{"Account":…}` / `{"QueryResponse":…}`), `time` added at render.
 * - `fault` `intuit`: the data service's `{"Fault":{"Error":[…]}}` envelope.
 * - `fault` `gateway`: the API gateway's lower-case envelope, which real 401/403/5xx answers use.
 * - `html`: what the edge proxy answers for 502/503/504.
 */
export type Payload =
  | { kind: 'entity'; name: string; value: Record<string, unknown>; time: number }
  | { kind: 'fault'; style: 'intuit' | 'gateway'; type: string; errors: FaultDetail[]; time: number }
  | { kind: 'html'; text: string };

/** A status and payload; stored as is for idempotent replays. */
export interface Answer {
  status: number;
  payload: Payload;
}

/** Thrown by validation and lookups; turned into an Intuit fault answer by the routes. */
export class QboFault extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly detail: FaultDetail,
  ) {
    super(detail.Message);
    this.name = 'QboFault';
  }

  answer(now: number): Answer {
    return { status: this.status, payload: { kind: 'fault', style: 'intuit', type: this.type, errors: [this.detail], time: now } };
  }
}

function validation(code: string, message: string, detail: string, element: string): QboFault {
  return new QboFault(400, 'ValidationFault', { Message: message, Detail: detail, code, element });
}

/** 2020: a required field is absent. */
export function requiredParamMissing(element: string): QboFault {
  return validation(
    '2020',
    'Required param missing, need to supply the required value for the API',
    `Required parameter ${element} is missing in the request`,
    element,
  );
}

/** 2050: a string is longer than the schema allows. */
export function stringTooLong(element: string, max: number, length: number): QboFault {
  return validation(
    '2050',
    'String length is either shorter or longer than supported by specification',
    `String length specified does not match the supported length. Min:0 Max:${max} supplied length:${length}`,
    element,
  );
}

/** 2170: a value outside an enumeration. */
export function invalidEnumeration(element: string, value: string): QboFault {
  return validation('2170', 'Invalid Enumeration', `Invalid Enumeration : ${value}`, element);
}

/** 2500: a reference (ParentRef, CurrencyRef) to something that does not exist. */
export function invalidReference(element: string): QboFault {
  return validation(
    '2500',
    'Invalid Reference Id',
    "Invalid Reference Id : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.",
    element,
  );
}

/** 2010: the body is not JSON, not an object, or names a property the Account schema lacks. */
export function unsupportedProperty(detail: string, element = ''): QboFault {
  return validation('2010', 'Request has invalid or unsupported property', `Property Name:${detail}`, element);
}

/** 6240: the name is taken (case-insensitively) in the company. */
export function duplicateName(existingId: string): QboFault {
  return validation('6240', 'Duplicate Name Exists Error', `The name supplied already exists. : Id=${existingId}`, 'Name');
}

/** 6000: a business rule QuickBooks enforces beyond the schema. */
export function businessValidation(detail: string, element: string): QboFault {
  return validation('6000', 'A business validation error has occurred while processing your request', `Business Validation Error: ${detail}`, element);
}

/** 610: a read of an Id the company does not hold. */
export function objectNotFound(): QboFault {
  return validation(
    '610',
    'Object Not Found',
    "Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.",
    '',
  );
}

/** 4000: the query does not parse. */
export function queryParseError(detail: string): QboFault {
  return validation('4000', 'Error parsing query', `QueryParserError: ${detail}`, '');
}

/** 4001: the query parses but asks for something QuickBooks refuses. */
export function invalidQuery(detail: string): QboFault {
  return validation('4001', 'Invalid query', `QueryValidationError: ${detail}`, '');
}

/** 500: a path or method the API does not serve. */
export function unsupportedOperation(path: string): QboFault {
  return validation('500', 'Unsupported Operation', `Operation Could not find resource for relative : ${path} is not supported.`, '');
}

/** 1050: a request body whose media type the endpoint does not take. */
export function invalidContentType(contentType: string | undefined, expected: string): QboFault {
  return new QboFault(415, 'ValidationFault', {
    Message: 'Invalid Content Type',
    Detail: `Content type ${contentType ?? '(none)'} is not supported; send ${expected}`,
    code: '1050',
    element: '',
  });
}

function gateway(status: number, type: string, code: string, name: string, detail: string | null, now: number): Answer {
  const Message = `message=${name}; errorCode=${code.padStart(6, '0')}; statusCode=${status}`;
  return { status, payload: { kind: 'fault', style: 'gateway', type, errors: [{ Message, Detail: detail, code }], time: now } };
}

/** 401 code 3200, as Intuit's gateway answers a missing, bad or expired bearer token. */
export function authenticationFailed(detail: string, now: number): Answer {
  return gateway(401, 'AUTHENTICATION', '3200', 'AuthenticationFailed', detail, now);
}

/** 403 code 3100: a valid token that does not grant this company. */
export function authorizationFailed(now: number): Answer {
  return gateway(403, 'SERVICE', '3100', 'ApplicationAuthorizationFailed', null, now);
}

/** 429 code 3001; QuickBooks sends no Retry-After with it. */
export function throttleExceeded(now: number): Answer {
  return {
    status: 429,
    payload: {
      kind: 'fault',
      style: 'intuit',
      type: 'SERVICE',
      errors: [{ Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429', Detail: 'The request limit was reached.', code: '3001' }],
      time: now,
    },
  };
}

const EDGE_PAGES: Record<number, string> = {
  502: '502 Bad Gateway',
  503: '503 Service Temporarily Unavailable',
  504: '504 Gateway Time-out',
};

/** An injected server failure: the gateway's JSON fault for 500, the edge proxy's HTML page otherwise. */
export function serviceFailure(status: 500 | 502 | 503 | 504, now: number): Answer {
  if (status === 500) return gateway(500, 'SERVICE', '3100', 'InternalServerError', null, now);
  const title = EDGE_PAGES[status] ?? `${status}`;
  const text = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
  return { status, payload: { kind: 'html', text } };
}

/** Writes one record of an entity as QuickBooks' XML element (`<Account domain="QBO" ...>`). */
export type EntityXml = (record: Record<string, unknown>) => string;

/** Text escaped for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

function entityXml(entities: ReadonlyMap<string, EntityXml>, name: string): EntityXml {
  const xml = entities.get(name);
  if (xml === undefined) throw new Error(`no XML for the QuickBooks entity ${name}`);
  return xml;
}

function renderXml(payload: Exclude<Payload, { kind: 'html' }>, entities: ReadonlyMap<string, EntityXml>): string {
  const time = intuitDateTime(payload.time, true);
  const open = `${XML_HEAD}<IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="${time}">`;
  if (payload.kind === 'fault') {
    const errors = payload.errors
      .map((e) => {
        const element = e.element === undefined ? '' : ` element="${escapeXml(e.element)}"`;
        const detail = e.Detail === null ? '' : `<Detail>${escapeXml(e.Detail)}</Detail>`;
        return `<Error code="${escapeXml(e.code)}"${element}><Message>${escapeXml(e.Message)}</Message>${detail}</Error>`;
      })
      .join('');
    return `${open}<Fault type="${escapeXml(payload.type)}">${errors}</Fault></IntuitResponse>`;
  }
  if (payload.name !== 'QueryResponse') return `${open}${entityXml(entities, payload.name)(payload.value)}</IntuitResponse>`;
  const query = payload.value;
  // The one array of a QueryResponse holds the rows, under their entity's name.
  const [entity, rows] = (Object.entries(query).find(([, value]) => Array.isArray(value)) ?? ['', []]) as [string, Record<string, unknown>[]];
  const rowXml = rows.length > 0 ? entityXml(entities, entity) : () => '';
  const attributes = ['startPosition', 'maxResults', 'totalCount']
    .filter((name) => query[name] !== undefined)
    .map((name) => ` ${name}="${String(query[name])}"`)
    .join('');
  return `${open}<QueryResponse${attributes}>${rows.map(rowXml).join('')}</QueryResponse></IntuitResponse>`;
}

function renderJson(payload: Exclude<Payload, { kind: 'html' }>): string {
  if (payload.kind === 'entity') {
    // Amounts are decimals at Intuit: written with their digits, not through a double.
    return stringifyJsonExact({ [payload.name]: payload.value, time: intuitDateTime(payload.time, true) });
  }
  if (payload.style === 'intuit') {
    return JSON.stringify({ Fault: { Error: payload.errors, type: payload.type }, time: intuitDateTime(payload.time, true) });
  }
  // The gateway serialises its whole response object, nulls included, with lower-case keys and epoch time.
  const error = payload.errors.map((e) => ({ message: e.Message, detail: e.Detail, code: e.code, element: null }));
  return JSON.stringify({
    warnings: null,
    intuitObject: null,
    fault: { error, type: payload.type },
    report: null,
    queryResponse: null,
    batchItemResponse: [],
    attachableResponse: [],
    syncErrorResponse: null,
    requestId: null,
    time: payload.time,
    status: null,
    cdcresponse: [],
  });
}

/**
 * Serialises a payload. QuickBooks answers XML unless the client asks for JSON, so a client that
 * forgets `Accept: application/json` fails here as it would against Intuit.
 */
export function render(
  payload: Payload,
  acceptHeader: string | undefined,
  entities: ReadonlyMap<string, EntityXml>,
): { contentType: string; body: string } {
  if (payload.kind === 'html') return { contentType: 'text/html', body: payload.text };
  const wantsJson = acceptHeader?.toLowerCase().includes('application/json') === true;
  return wantsJson
    ? { contentType: 'application/json;charset=UTF-8', body: renderJson(payload) }
    : { contentType: 'application/xml;charset=UTF-8', body: renderXml(payload, entities) };
}

/** 5010: an update whose SyncToken is not the record's latest (Intuit's optimistic lock). */
export function staleObject(): QboFault {
  return validation(
    '5010',
    'Stale Object Error',
    'Stale Object Error : You and API API were working on this at the same time. API API finished before you did, so your work was not saved.',
    '',
  );
}

/** 6000 on a name-list record made inactive: QuickBooks calls it deleted and refuses edits but reactivation. */
export function deletedListElement(): QboFault {
  return businessValidation('You cannot modify a list element that has been deleted.', '');
}

/**
 * A CDC look-back beyond 30 days. The Detail is QuickBooks' own words (QuickBooksSharp issue #19);
 * the code and Message are the fake's (Intuit documents neither): the Unsupported Operation family.
 */
export function changedSinceTooOld(changedSince: string): QboFault {
  return validation(
    '500',
    'Unsupported Operation',
    `Operation cdc with changedSince date ${changedSince} which is older than fixed days is not supported.`,
    'changedSince',
  );
}
