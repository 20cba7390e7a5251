import type { FastifyInstance } from 'fastify';
import { ApiError } from './errors.js';

/** Deepest nesting a body may have: accounts are two levels deep; room for `field_mappings` values. */
export const MAX_JSON_DEPTH = 32;

// U+0000 cannot be stored in a Postgres text or jsonb value, nor an unpaired UTF-16 surrogate in
// jsonb (in text it silently becomes U+FFFD); Postgres' jsonb parser gives up on deep nesting.
// Found by test/security/fuzz-intake.test.ts: each answered 500 from the insert.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = (text: string) => text.includes('\u0000') || LONE_SURROGATE.test(text);
const UNSTORABLE_MESSAGE = 'contains a NUL character (\\u0000) or an unpaired UTF-16 surrogate, which cannot be stored';

export interface JsonBoundsViolation {
  field: string;
  message: string;
}

/**
 * The first key or value of a parsed JSON document that ledgersync cannot store: nested deeper
 * than `maxDepth`, or text Postgres refuses. Iterative, so a hostile depth cannot overflow the stack.
 */
export function jsonBoundsViolation(value: unknown, maxDepth = MAX_JSON_DEPTH): JsonBoundsViolation | null {
  const pending: { item: unknown; path: string; depth: number }[] = [{ item: value, path: '', depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { item, path, depth } = next;
    if (typeof item === 'string') {
      if (unstorable(item)) return { field: path || '(body)', message: UNSTORABLE_MESSAGE };
      continue;
    }
    if (typeof item !== 'object' || item === null) continue;
    if (depth >= maxDepth) return { field: path || '(body)', message: `nested deeper than ${maxDepth} levels` };
    for (const [key, child] of Object.entries(item)) {
      const here = path ? `${path}.${key}` : key;
      if (unstorable(key)) return { field: here, message: UNSTORABLE_MESSAGE };
      // Prototype poisoning, refused as Fastify's secure JSON parser did before the exact one.
      if (key === '__proto__' || (key === 'constructor' && typeof child === 'object' && child !== null && 'prototype' in child)) {
        return { field: here, message: 'is a forbidden prototype property' };
      }
      pending.push({ item: child, path: here, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * Refuses, before validation, a body, query or path parameter ledgersync could not store: 400
 * `invalid_request` naming the field, instead of a failed insert (500) or a silently altered value.
 */
export function refuseUnboundedJson(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [where, value] of [
      ['body', request.body],
      ['querystring', request.query],
      ['params', request.params],
    ] as const) {
      const violation = jsonBoundsViolation(value);
      if (violation) {
        throw new ApiError(400, 'invalid_request', `invalid ${where}: ${violation.field} ${violation.message}`, [
          { field: violation.field, code: 'invalid', message: violation.message },
        ]);
      }
    }
  });
}
