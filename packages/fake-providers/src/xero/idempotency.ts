import type { FastifyRequest } from 'fastify';
import { header, rawBody } from '../shared/http.js';
import type { XeroAnswer } from './answers.js';
import { idempotencyProblem } from './answers.js';

interface Remembered {
  fingerprint: string;
  answer: XeroAnswer;
  expiresAt: number;
}

const MAX_IDEMPOTENCY_KEY = 128;

// Xero honours the key on these only: "The idempotency key header will be ignored for all other HTTP methods."
const KEYED_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * `Idempotency-Key` → first answer, for a fixed time from the key's first use. One cache for the
 * whole app (the fake serves one OAuth client): Xero processes key re-use per app, not per tenant.
 */
export class IdempotencyCache {
  // Insertion order is first-use order, so expired entries are always at the front.
  private entries = new Map<string, Remembered>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get(key: string): { fingerprint: string; answer: XeroAnswer } | undefined {
    this.sweep();
    return this.entries.get(key);
  }

  set(key: string, fingerprint: string, answer: XeroAnswer): void {
    this.sweep();
    if (!this.entries.has(key)) this.entries.set(key, { fingerprint, answer, expiresAt: this.now() + this.ttlMs });
  }

  clear(): void {
    this.entries = new Map();
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.entries.delete(key);
    }
  }
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/**
 * What "the same request" means for an idempotency key: Xero compares the URL, the body and the
 * method (the body as JSON here, key order and spacing aside). The tenant is part of it too: Xero
 * does not say what a key re-used on another of the app's tenants gets, so the fake takes the
 * stricter reading and refuses it as a different request.
 */
function fingerprint(req: FastifyRequest, tenantId: string): string {
  const text = rawBody(req) ?? '';
  let body = text;
  try {
    body = JSON.stringify(canonical(JSON.parse(text)));
  } catch {
    // Not JSON: compared as sent.
  }
  return `${tenantId} ${req.method} ${req.url}\n${body}`;
}

/**
 * Answers a write through the app's `Idempotency-Key` cache: the first answer, success or error
 * (a validation 400, or an internal 500: Xero caches errors too), is remembered for six minutes
 * and replayed to the same request; the same key on a different request is refused with 400.
 * Without a key, or on a method Xero ignores the key for, `write` runs as is.
 */
export function idempotent(
  req: FastifyRequest,
  context: { idempotency: IdempotencyCache; tenantId: string; instance: string },
  write: () => XeroAnswer,
): XeroAnswer {
  const key = header(req, 'idempotency-key');
  if (key === undefined || key === '' || !KEYED_METHODS.has(req.method)) return write();
  if (key.length > MAX_IDEMPOTENCY_KEY) {
    return idempotencyProblem(`Idempotency-Key must not be longer than ${MAX_IDEMPOTENCY_KEY} characters`, context.instance);
  }
  const print = fingerprint(req, context.tenantId);
  const remembered = context.idempotency.get(key);
  if (remembered !== undefined) {
    return remembered.fingerprint === print
      ? remembered.answer
      : idempotencyProblem(`Idempotency Key: ${key} is used with a different request.`, context.instance);
  }
  const answer = write();
  context.idempotency.set(key, print, answer);
  return answer;
}
