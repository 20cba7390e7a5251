/**
 * Keys whose values never reach a log line, at any of the first levels of what is logged: tokens,
 * secrets and credentials, and the request headers that carry them.
 */
export const SECRET_KEYS = [
  'accessToken',
  'refreshToken',
  'clientSecret',
  'secret',
  'credentials',
  'access_token',
  'refresh_token',
  'api_key',
  'connection_token',
  'password',
  'token',
  'authorization',
  'x-api-key',
  'x-connection-token',
  'cookie',
];
const secretKeys = new Set(SECRET_KEYS);
export const CENSORED = '[redacted]';
/** How deep to look: a logged `{ connection: { credentials } }` or `{ req: { headers: { authorization } } }`. */
const DEPTH = 3;

/**
 * The logged object with every secret replaced by "[redacted]". Objects without one are returned
 * as they are, so the common line costs a walk over its keys and nothing more (pino's path-based
 * redaction copied every line: a tenth of the API's CPU under load).
 */
export function redactSecrets<T>(value: T, depth = 0): T {
  if (depth >= DEPTH || value === null || typeof value !== 'object') return value;
  let copy: Record<string, unknown> | unknown[] | undefined;
  const source = value as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const inner = source[key];
    const replaced = secretKeys.has(key) && inner !== undefined && inner !== null ? CENSORED : redactSecrets(inner, depth + 1);
    if (replaced === inner) continue;
    copy ??= copyOf(value as object);
    (copy as Record<string, unknown>)[key] = replaced;
  }
  return (copy ?? value) as T;
}

/** A copy that keeps what the log serializers look at: arrays stay arrays, errors keep message and stack. */
function copyOf(value: object): Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return [...value];
  const copy = Object.assign(Object.create(Object.getPrototypeOf(value)), value);
  if (value instanceof Error) Object.defineProperties(copy, { message: { value: value.message }, stack: { value: value.stack } });
  return copy;
}
