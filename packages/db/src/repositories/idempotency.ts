import { and, eq, lte, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { idempotencyKeys } from '../schema/index.js';

/** How long an in-flight claim holds before it counts as abandoned. */
const CLAIM_MS = 30_000;
/** How long a key is remembered (at least 24 h, as promised to clients). */
export const IDEMPOTENCY_RETENTION_MS = 24 * 3_600_000;

export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'in_flight' }
  | { kind: 'mismatch' };

/**
 * Claims `key` for a request, in its own statement (not the request's transaction), so that a
 * concurrent request with the same key sees `in_flight` at once instead of waiting on a lock.
 */
export async function claimIdempotencyKey(db: Executor, projectId: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
  const now = Date.now();
  const fresh = {
    requestHash,
    status: 'in_flight' as const,
    lockedUntil: new Date(now + CLAIM_MS),
    responseStatus: null,
    responseBody: null,
    expiresAt: new Date(now + IDEMPOTENCY_RETENTION_MS),
  };
  const [inserted] = await db
    .insert(idempotencyKeys)
    .values({ projectId, key, ...fresh })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted) return { kind: 'claimed' };

  const mine = and(eq(idempotencyKeys.projectId, projectId), eq(idempotencyKeys.key, key));
  // An expired record is forgotten; an abandoned claim of the same request is taken over.
  const [takenOver] = await db
    .update(idempotencyKeys)
    .set({ ...fresh, createdAt: new Date(now) })
    .where(
      and(
        mine,
        sql`(${idempotencyKeys.expiresAt} <= now() or (${idempotencyKeys.status} = 'in_flight' and ${idempotencyKeys.lockedUntil} <= now() and ${idempotencyKeys.requestHash} = ${requestHash}))`,
      ),
    )
    .returning({ key: idempotencyKeys.key });
  if (takenOver) return { kind: 'claimed' };

  const [existing] = await db.select().from(idempotencyKeys).where(mine);
  if (!existing) return claimIdempotencyKey(db, projectId, key, requestHash);
  if (existing.requestHash !== requestHash) return { kind: 'mismatch' };
  if (existing.status === 'in_flight') return { kind: 'in_flight' };
  return { kind: 'replay', status: existing.responseStatus ?? 200, body: existing.responseBody };
}

/** Records the answer; run it in the transaction that made the change it describes. */
export async function completeIdempotencyKey(db: Executor, projectId: string, key: string, status: number, body: unknown) {
  await db
    .update(idempotencyKeys)
    .set({ status: 'completed', responseStatus: status, responseBody: body })
    .where(and(eq(idempotencyKeys.projectId, projectId), eq(idempotencyKeys.key, key)));
}

/** The request was refused before it changed anything: the client may send it again with the key. */
export async function releaseIdempotencyKey(db: Executor, projectId: string, key: string) {
  await db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.projectId, projectId), eq(idempotencyKeys.key, key), eq(idempotencyKeys.status, 'in_flight')));
}

/** Deletes records past their retention, a batch at a time; returns how many. */
export async function deleteExpiredIdempotencyKeys(db: Executor, limit = 1_000): Promise<number> {
  const expired = db
    .select({ projectId: idempotencyKeys.projectId, key: idempotencyKeys.key })
    .from(idempotencyKeys)
    .where(lte(idempotencyKeys.expiresAt, new Date()))
    .limit(limit);
  const deleted = await db
    .delete(idempotencyKeys)
    .where(sql`(${idempotencyKeys.projectId}, ${idempotencyKeys.key}) in (${expired})`)
    .returning({ key: idempotencyKeys.key });
  return deleted.length;
}
