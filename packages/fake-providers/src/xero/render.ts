import type { InvalidElement, XeroPayload } from './answers.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const XML_TYPE = 'text/xml; charset=utf-8';
const XML_NS = 'xmlns:i="http://www.w3.org/2001/XMLSchema-instance"';

/** `/Date(1550793549392)/`, Xero's (Microsoft) JSON date; with an offset for entity dates. */
export function msDate(epochMs: number, withOffset: boolean): string {
  return `/Date(${epochMs}${withOffset ? '+0000' : ''})/`;
}

function msDateToIso(value: string): string {
  const ms = /^\/Date\((-?\d+)/.exec(value)?.[1];
  return ms === undefined ? value : new Date(Number(ms)).toISOString();
}

// Xero's .NET serialiser writes the slashes of a date escaped ("\/Date(...)\/"); parsers read both alike.
function escapeDates(json: string): string {
  return json.replace(/"\/Date\((-?\d+(?:[+-]\d{4})?)\)\/"/g, '"\\/Date($1)\\/"');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function xmlFields(record: Record<string, unknown>): string {
  return Object.entries(record)
    .filter(([, value]) => value !== undefined && value !== null && typeof value !== 'object')
    .map(([name, value]) => {
      const text = typeof value === 'string' && value.startsWith('/Date(') ? msDateToIso(value) : String(value);
      return `<${name}>${escapeXml(text)}</${name}>`;
    })
    .join('');
}

function elementJson(invalid: InvalidElement): Record<string, unknown> {
  return { ...invalid.element, ValidationErrors: invalid.messages.map((Message) => ({ Message })) };
}

function renderJson(payload: Exclude<XeroPayload, { kind: 'text' }>): string {
  if (payload.kind === 'json') return JSON.stringify(payload.body);
  if (payload.kind === 'records') {
    const body = {
      Id: payload.id,
      Status: 'OK',
      ProviderName: payload.providerName,
      DateTimeUTC: msDate(payload.at, false),
      [payload.collection]: payload.records,
    };
    return escapeDates(JSON.stringify(body));
  }
  const body = {
    ErrorNumber: payload.errorNumber,
    Type: payload.type,
    Message: payload.message,
    ...(payload.elements ? { Elements: payload.elements.map(elementJson) } : {}),
  };
  return escapeDates(JSON.stringify(body));
}

function renderXml(payload: Extract<XeroPayload, { kind: 'records' | 'exception' }>): string {
  if (payload.kind === 'records') {
    const head = `<Id>${payload.id}</Id><Status>OK</Status><ProviderName>${escapeXml(payload.providerName)}</ProviderName><DateTimeUTC>${new Date(payload.at).toISOString()}</DateTimeUTC>`;
    const { collection, element } = payload;
    const records = payload.records.map((record) => `<${element}>${xmlFields(record as Record<string, unknown>)}</${element}>`).join('');
    return `<Response ${XML_NS}>${head}<${collection}>${records}</${collection}></Response>`;
  }
  const elements = (payload.elements ?? [])
    .map((invalid) => {
      const errors = invalid.messages.map((m) => `<ValidationError><Message>${escapeXml(m)}</Message></ValidationError>`).join('');
      return `<DataContractBase i:type="${invalid.type}"><ValidationErrors>${errors}</ValidationErrors>${xmlFields(invalid.element)}</DataContractBase>`;
    })
    .join('');
  const head = `<ErrorNumber>${payload.errorNumber}</ErrorNumber><Type>${payload.type}</Type><Message>${escapeXml(payload.message)}</Message>`;
  return `<ApiException ${XML_NS}>${head}${payload.elements ? `<Elements>${elements}</Elements>` : ''}</ApiException>`;
}

/**
 * Serialises a payload. The Accounting API answers XML unless the client asks for JSON
 * ("By default all successful responses on the accounting API are returned as XML"), so a client
 * that forgets `Accept: application/json` fails here as it would against Xero; the gateway's and
 * identity server's answers are JSON whatever the client accepts.
 */
export function render(payload: XeroPayload, acceptHeader: string | undefined): { contentType: string; body: string } {
  if (payload.kind === 'text') return { contentType: payload.contentType, body: payload.text };
  if (payload.kind === 'json') return { contentType: JSON_TYPE, body: renderJson(payload) };
  const wantsJson = acceptHeader?.toLowerCase().includes('application/json') === true;
  return wantsJson ? { contentType: JSON_TYPE, body: renderJson(payload) } : { contentType: XML_TYPE, body: renderXml(payload) };
}
