import { MESSAGES } from './messages.js';
import type { ErrorObject } from '../spec.js';

/** What the OpenAPI schema found wrong with a body, sorted the way Xero reports it. */
export interface SchemaProblems {
  /**
   * Values that would not deserialise (wrong JSON type, value outside an enum, malformed UUID),
   * first one in body order first: JSON.NET stops at it, so Xero reports that one only.
   */
  deserialization: string[];
  /** Constraints a deserialised value breaks (e.g. `maxLength`), as Xero validation messages. */
  constraints: string[];
}

const DESERIALIZATION = new Set(['type', 'enum', 'format', 'const']);

/** A JSON pointer as JSON.NET writes a path: `/Accounts/0/Name` → `Accounts[0].Name`. */
function netPath(prefix: string, pointer: string): string {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let path = prefix;
  for (const segment of segments) path += /^\d+$/.test(segment) ? `[${segment}]` : `${path === '' ? '' : '.'}${segment}`;
  return path;
}

function netTypeName(error: ErrorObject): string {
  const parent = (error.parentSchema ?? {}) as { title?: unknown; type?: unknown };
  if (error.keyword === 'format' && error.params.format === 'uuid') return 'System.Guid';
  if (typeof parent.title === 'string') return `Xero.API.Library.DataContracts.${parent.title}`;
  const last = error.instancePath.split('/').pop() ?? '';
  if (error.keyword === 'enum') return `Xero.API.Library.DataContracts.${last}`;
  const names: Record<string, string> = {
    string: 'System.String',
    boolean: 'System.Boolean',
    integer: 'System.Int32',
    number: 'System.Decimal',
  };
  return names[String(parent.type)] ?? 'System.Object';
}

/** JSON.NET's wording for a value it cannot read into the expected type. */
function deserializationMessage(error: ErrorObject, path: string): string {
  const value: unknown = error.data;
  const expected = (error.parentSchema as { type?: unknown } | undefined)?.type;
  const scalarExpected = expected !== 'object' && expected !== 'array';
  if (scalarExpected && typeof value === 'object' && value !== null) {
    return `Unexpected character encountered while parsing value: ${Array.isArray(value) ? '[' : '{'}. Path '${path}'.`;
  }
  if (expected === 'boolean' && typeof value === 'string') return `Could not convert string to boolean: ${value}. Path '${path}'.`;
  return `Error converting value ${JSON.stringify(value) ?? 'null'} to type '${netTypeName(error)}'. Path '${path}'.`;
}

function constraintMessage(error: ErrorObject): string {
  const field = error.instancePath.split('/').pop() || 'Account';
  if (error.keyword === 'maxLength') return MESSAGES.tooLong(field, Number(error.params.limit));
  return `${field} ${error.message ?? 'is invalid'}`;
}

/**
 * Sorts and words Ajv's errors for a body. `keyOrder` is the body's property order, which is the
 * order JSON.NET reads it in; `pathPrefix` locates the account in a wrapped body (`Accounts[0]`).
 */
export function describeSchemaErrors(errors: readonly ErrorObject[], keyOrder: readonly string[], pathPrefix: string): SchemaProblems {
  const position = (error: ErrorObject) => {
    const first = error.instancePath.split('/')[1];
    return first === undefined ? -1 : keyOrder.indexOf(first.replace(/~1/g, '/').replace(/~0/g, '~'));
  };
  const sorted = [...errors].sort((a, b) => position(a) - position(b));
  return {
    deserialization: sorted
      .filter((error) => DESERIALIZATION.has(error.keyword))
      .map((error) => deserializationMessage(error, netPath(pathPrefix, error.instancePath))),
    constraints: sorted.filter((error) => !DESERIALIZATION.has(error.keyword)).map(constraintMessage),
  };
}
