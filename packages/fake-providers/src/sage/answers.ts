/** One entry of Sage's error body: an array of these, whatever the status. */
export interface SageDiagnosis {
  $severity: 'error';
  $dataCode: string;
  $message: string;
  /** The offending field (`nominal_code`, `line_items.tax_rate_id`), or '' when none. */
  $source: string;
}

/** What the fake answers: a status, a JSON body or a bare text body, and any extra headers. */
export type SageAnswer = {
  status: number;
  headers?: Record<string, string>;
} & ({ json: unknown } | { text: string; contentType: string });

export function diagnosis(dataCode: string, message: string, source = ''): SageDiagnosis {
  return { $severity: 'error', $dataCode: dataCode, $message: message, $source: source };
}

function errors(status: number, diagnoses: SageDiagnosis[]): SageAnswer {
  return { status, json: diagnoses };
}

/** 422: the data breaks Sage's rules; every broken rule is listed. */
export function recordInvalid(diagnoses: SageDiagnosis[]): SageAnswer {
  return errors(422, diagnoses);
}

/**
 * 401 to a missing, malformed, forged or expired bearer token, and to an `X-Business` the user
 * cannot access (Sage's `AuthorizationFailure` body; the message is the one Sage answers a denied
 * request with (?)).
 */
export function authorizationFailure(message = 'Access denied.'): SageAnswer {
  return errors(401, [diagnosis('AuthorizationFailure', message)]);
}

/** 404 to an id the business does not hold, or a path Sage does not serve (?). */
export function recordNotFound(message = 'The requested resource could not be found.'): SageAnswer {
  return errors(404, [diagnosis('RecordNotFound', message)]);
}

/** 405: Sage has no such operation (a ledger account cannot be deleted). */
export function methodNotAllowed(method: string): SageAnswer {
  return errors(405, [diagnosis('MethodNotAllowed', `The ${method} method is not allowed for this resource.`)]);
}

/** 415 to a body that is not JSON. */
export function unsupportedMediaType(contentType: string | undefined): SageAnswer {
  return errors(415, [
    diagnosis('UnsupportedMediaType', `Content type ${contentType ?? '(none)'} is not supported; send application/json.`),
  ]);
}

/** 429: the business spent its calls for the window (no rate-limit headers unless configured). */
export function tooManyRequests(retryAfterSeconds: number | undefined): SageAnswer {
  return {
    ...errors(429, [diagnosis('TooManyRequests', 'Too many requests. Please try again later.')]),
    ...(retryAfterSeconds === undefined ? {} : { headers: { 'Retry-After': String(retryAfterSeconds) } }),
  };
}

/** An injected server failure: Sage's JSON 500 and 503, an edge proxy's HTML page for 502 and 504. */
export function serviceFailure(status: 500 | 502 | 503 | 504): SageAnswer {
  // The 500 body is the one Sage documents under "Frequently Raised Errors".
  if (status === 500) return errors(500, [diagnosis('UnexpectedError', 'An unexpected error occurred.')]);
  if (status === 503) {
    return errors(503, [
      diagnosis('ServiceUnavailable', 'One of our servers required to serve this request could not be reached. Please retry later.'),
    ]);
  }
  const title = status === 502 ? '502 Bad Gateway' : '504 Gateway Time-out';
  const text = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
  return { status, text, contentType: 'text/html' };
}

/** A route Sage serves that this fake does not implement: said plainly, never passed off as Sage's answer. */
export function notImplemented(method: string, path: string): SageAnswer {
  return {
    status: 501,
    text: `${method} ${path} is not implemented by the ledgersync Sage fake`,
    contentType: 'text/plain; charset=utf-8',
  };
}
