import { isDeepStrictEqual } from 'node:util';
import { PerTenant } from '../shared/objects.js';
import { diagnosis, recordInvalid } from './answers.js';
import type { SageAnswer } from './answers.js';

/** Sage's idempotency id: "a 32 character hyphenless GUID" (its idempotency guide), so 32 hex digits. */
const IDEMPOTENCY_ID = /^[0-9a-f]{32}$/i;

/** How long Sage answers a repeated idempotency id with its first answer (its guide: 7 days). */
export const IDEMPOTENCY_RETENTION_MS = 7 * 24 * 3600_000;

/** A write Sage answered under an idempotency id: which resource, the request, the answer. */
interface Remembered {
  resource: string;
  request: { method: string; path: string; body: unknown };
  answer: SageAnswer;
  expiresAt: number;
}

/** One idempotent write as the gateway sees it: the business, the resource's namespace, the request. */
export interface IdempotentWrite {
  businessId: string;
  now: number;
  /** The body's root, Sage's "namespace of the resource": `ledger_account`. */
  resource: string;
  method: string;
  /** The path without the query string. */
  path: string;
  /** The raw body text, as sent. */
  text: string | undefined;
}

function parse(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
}

/** The `idempotency_id` in the resource's namespace, when the body is JSON and has one. */
function idempotencyIdOf(body: unknown, resource: string): unknown {
  const root = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[resource] : undefined;
  return typeof root === 'object' && root !== null ? (root as Record<string, unknown>).idempotency_id : undefined;
}

/**
 * Per business, the answers Sage gave to writes carrying an `idempotency_id`, kept for
 * {@link IDEMPOTENCY_RETENTION_MS} from the first use.
 */
export class IdempotencyLedger {
  private businesses = new PerTenant(() => new Map<string, Remembered>());

  constructor(private readonly retentionMs = IDEMPOTENCY_RETENTION_MS) {}

  /**
   * Answers `write` through its `idempotency_id`: none, and `write` runs as is; one that is not 32
   * hex digits is refused; one seen on another resource is refused as Sage documents
   * (`IdempotencyResourceMismatch`); the very same request gets the first answer again, an error
   * answer included ("the exact same result as the first request"); the same id with another body
   * is refused (Sage is silent: the stricter choice). A first use runs `write` and remembers it.
   */
  answer(request: IdempotentWrite, write: () => SageAnswer): SageAnswer {
    const body = parse(request.text);
    const id = idempotencyIdOf(body, request.resource);
    if (id === undefined || id === null) return write();
    if (typeof id !== 'string' || !IDEMPOTENCY_ID.test(id)) {
      return recordInvalid([diagnosis('RecordInvalid', 'must be a 32-character GUID without hyphens', 'idempotency_id')]);
    }
    const seen = this.businesses.of(request.businessId);
    for (const [key, entry] of seen) if (entry.expiresAt <= request.now) seen.delete(key);
    const sent = { method: request.method, path: request.path, body };
    const remembered = seen.get(id);
    if (remembered !== undefined) {
      if (remembered.resource !== request.resource)
        return recordInvalid([diagnosis('IdempotencyResourceMismatch', 'Entity type mismatch')]);
      if (!isDeepStrictEqual(remembered.request, sent)) {
        return recordInvalid([diagnosis('IdempotencyRequestMismatch', 'The idempotency_id was used with a different request')]);
      }
      return remembered.answer;
    }
    const answer = write();
    seen.set(id, { resource: request.resource, request: sent, answer, expiresAt: request.now + this.retentionMs });
    return answer;
  }

  reset(): void {
    this.businesses.clear();
  }
}
