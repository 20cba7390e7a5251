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

/** `Idempotency-Key` → first answer, for a fixed time from the key's first use. */
export class IdempotencyCache {
  // Insertion order is first-use order, so expired entries are always at the front.
  private readonly entries = new Map<string, Remembered>();

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

/** What "the same request" means for an idempotency key: method, path and query, and the body as JSON (key order and spacing aside). */
function fingerprint(req: FastifyRequest): string {
  const text = rawBody(req) ?? '';
  let body = text;
  try {
    body = JSON.stringify(canonical(JSON.parse(text)));
  } catch {
    // Not JSON: compared as sent.
  }
  return `${req.method} ${req.url}\n${body}`;
}

/**
 * Answers a write through the tenant's `Idempotency-Key` cache: the first answer (success or
 * error) is remembered and replayed to the same request; the same key on a different request is
 * refused. Without a key, `write` runs as is.
 */
export function idempotent(req: FastifyRequest, cache: IdempotencyCache, instance: string, write: () => XeroAnswer): XeroAnswer {
  const key = header(req, 'idempotency-key');
  if (key === undefined || key === '') return write();
  if (key.length > MAX_IDEMPOTENCY_KEY) {
    return idempotencyProblem(`Idempotency-Key must not be longer than ${MAX_IDEMPOTENCY_KEY} characters`, instance);
  }
  const print = fingerprint(req);
  const remembered = cache.get(key);
  if (remembered !== undefined) {
    return remembered.fingerprint === print ? remembered.answer : idempotencyProblem(`Idempotency Key ${key} is used with a different request`, instance);
  }
  const answer = write();
  cache.set(key, print, answer);
  return answer;
}
