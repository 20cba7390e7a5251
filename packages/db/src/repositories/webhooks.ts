import type { SecretCipher } from '@ledgersync/secrets';
import type { EventType, ObjectName } from '@ledgersync/unified';
import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { type Executor, preparedPerHandle } from '../client.js';
import { recordOutcome, subscribedTo } from './outcomes.js';
import { deliveryAttempts, events, webhookDeliveries, webhookEndpoints } from '../schema/index.js';

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;

export interface NewWebhookEndpoint {
  projectId: string;
  url: string;
  description: string | null;
  scope: EventType[];
  /** The plaintext `whsec_` secret: encrypted before it is written. */
  secret: string;
}

export async function createWebhookEndpoint(db: Executor, cipher: SecretCipher, input: NewWebhookEndpoint) {
  const [row] = await db
    .insert(webhookEndpoints)
    .values({ ...input, secret: cipher.encrypt(input.secret) })
    .returning();
  if (!row) throw new Error('webhook endpoint insert returned nothing');
  return row;
}

/** Secrets replaced within their overlap that an endpoint keeps signing with, at most. */
export const MAX_PREVIOUS_SECRETS = 10;

/** A replaced secret that still signs, until `expiresAt`. */
interface PreviousSecret {
  secret: string;
  expiresAt: Date;
}

/**
 * The replaced secrets an endpoint still signs with at `now`. `previousSecret` is the ciphertext
 * of one `whsec_` secret, expiring at `previousSecretExpiresAt`; after several rotations within
 * the overlap, of a JSON list of `{secret, expires_at}` (the column then holds the latest expiry).
 */
function previousSecrets(cipher: SecretCipher, endpoint: WebhookEndpointRow, now: Date): PreviousSecret[] {
  if (!endpoint.previousSecret || !endpoint.previousSecretExpiresAt) return [];
  const plain = cipher.decrypt(endpoint.previousSecret);
  const all = plain.startsWith('[')
    ? (JSON.parse(plain) as { secret: string; expires_at: string }[]).map((p) => ({ secret: p.secret, expiresAt: new Date(p.expires_at) }))
    : [{ secret: plain, expiresAt: endpoint.previousSecretExpiresAt }];
  return all.filter((previous) => previous.expiresAt > now);
}

/** The columns that store `previous` (see {@link previousSecrets}). */
function storedPrevious(cipher: SecretCipher, previous: PreviousSecret[]) {
  const [only] = previous;
  if (!only) return { previousSecret: null, previousSecretExpiresAt: null };
  if (previous.length === 1) return { previousSecret: cipher.encrypt(only.secret), previousSecretExpiresAt: only.expiresAt };
  const list = previous.map((p) => ({ secret: p.secret, expires_at: p.expiresAt.toISOString() }));
  const latest = new Date(Math.max(...previous.map((p) => p.expiresAt.getTime())));
  return { previousSecret: cipher.encrypt(JSON.stringify(list)), previousSecretExpiresAt: latest };
}

/** A rotation refused: {@link MAX_PREVIOUS_SECRETS} replaced secrets still sign; the first stops at `until`. */
export class TooManyRotations extends Error {
  override readonly name = 'TooManyRotations';
  constructor(readonly until: Date) {
    super(`${MAX_PREVIOUS_SECRETS} replaced secrets are still within their overlap; the first one ends at ${until.toISOString()}`);
  }
}

/**
 * Replaces an endpoint's secret. The replaced one keeps signing, beside the new one, until
 * `overlapMs` from now (none with 0), and so do those replaced earlier until their own overlap
 * ends: every secret a rotation returned verifies deliveries until its overlap is over. Rotations
 * of one endpoint run one at a time (the row is locked), so concurrent ones lose none. Throws
 * {@link TooManyRotations} when {@link MAX_PREVIOUS_SECRETS} replaced secrets still sign.
 * Returns the endpoint, or undefined when the project has no endpoint with that id.
 */
export async function rotateWebhookSecret(
  db: Executor,
  cipher: SecretCipher,
  target: { projectId: string; id: string },
  newSecret: string,
  overlapMs: number,
) {
  return db.transaction(async (tx) => {
    const [endpoint] = await tx
      .select()
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.id, target.id), eq(webhookEndpoints.projectId, target.projectId)))
      .for('update');
    if (!endpoint) return undefined;
    const now = new Date();
    const previous = previousSecrets(cipher, endpoint, now);
    if (overlapMs > 0) previous.push({ secret: cipher.decrypt(endpoint.secret), expiresAt: new Date(now.getTime() + overlapMs) });
    if (previous.length > MAX_PREVIOUS_SECRETS) throw new TooManyRotations(previous[0]?.expiresAt ?? now);
    const [row] = await tx
      .update(webhookEndpoints)
      .set({ ...storedPrevious(cipher, previous), secret: cipher.encrypt(newSecret), modifiedAt: now })
      .where(eq(webhookEndpoints.id, endpoint.id))
      .returning();
    return row;
  });
}

/** The secrets a delivery is signed with now: the current one, then the replaced ones within their overlap. */
export function signingSecrets(cipher: SecretCipher, endpoint: WebhookEndpointRow, now = new Date()): string[] {
  return [cipher.decrypt(endpoint.secret), ...previousSecrets(cipher, endpoint, now).map((previous) => previous.secret)];
}

export async function listWebhookEndpoints(db: Executor, projectId: string) {
  return db.select().from(webhookEndpoints).where(eq(webhookEndpoints.projectId, projectId)).orderBy(asc(webhookEndpoints.id));
}

export async function deleteWebhookEndpoint(db: Executor, projectId: string, id: string) {
  const [row] = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.projectId, projectId)))
    .returning();
  return row;
}

export async function setWebhookEndpointActive(db: Executor, projectId: string, id: string, active: boolean) {
  const [row] = await db
    .update(webhookEndpoints)
    .set({ active, modifiedAt: new Date() })
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.projectId, projectId)))
    .returning();
  return row;
}

export interface NewEvent {
  projectId: string;
  type: EventType;
  /** Unique per real-world occurrence: a second insert with the same key records nothing. */
  dedupeKey: string;
  /** The record it is about (`account` and its id); null for a connection's event. */
  object: ObjectName | null;
  recordId: string | null;
  payload: unknown;
}

/** The project's active endpoints subscribed to an event type; one of them only, when `endpointId` is given. */
export function subscribedEndpoints(db: Executor, projectId: string, type: EventType, endpointId?: string): Promise<{ id: string }[]> {
  return db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(and(subscribedTo(projectId, type), endpointId ? eq(webhookEndpoints.id, endpointId) : undefined));
}

/**
 * Records an event once and one pending delivery per active endpoint subscribed to it, through
 * the same statement as every outcome (see recordOutcome). Returns the delivery ids to enqueue,
 * or none when the event was already recorded (a job ran twice).
 */
export async function recordEvent(db: Executor, event: NewEvent): Promise<{ eventId: string; deliveryIds: string[] } | null> {
  const recorded = await recordOutcome(db, null, event);
  if (!recorded?.eventId) return null;
  return { eventId: recorded.eventId, deliveryIds: recorded.deliveryIds };
}

const deliveriesToSend = preparedPerHandle((db) =>
  db
    .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints, event: events })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
    .where(sql`${webhookDeliveries.id} = any(${sql.placeholder('ids')}::uuid[])`)
    .prepare('deliveries_to_send'),
);

/**
 * Everything needed to send deliveries, each with its endpoint's secret decrypted (`secret`) and
 * every secret it is to be signed with (`secrets`: the current one first, then one in its rotation
 * overlap). Several at once: the worker batches the jobs it runs together.
 */
export async function loadDeliveries(db: Executor, cipher: SecretCipher, ids: readonly string[]) {
  const rows = await deliveriesToSend(db).execute({ ids });
  return rows.map((row) => {
    const secrets = signingSecrets(cipher, row.endpoint);
    return { ...row, secret: secrets[0] as string, secrets };
  });
}

export type DeliveryToSend = Awaited<ReturnType<typeof loadDeliveries>>[number];

/** One delivery to send (see {@link loadDeliveries}). */
export async function loadDelivery(db: Executor, cipher: SecretCipher, deliveryId: string): Promise<DeliveryToSend | undefined> {
  const [delivery] = await loadDeliveries(db, cipher, [deliveryId]);
  return delivery;
}

export interface AttemptRecord {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  responseExcerpt: string | null;
  /** What the delivery becomes after this attempt. */
  outcome: 'delivered' | 'retrying' | 'failed';
}

/**
 * Moves the delivery's state and logs the attempt under the attempt number that move gave it:
 * one statement (an `UPDATE` feeding an `INSERT`), so one round trip and atomic without a
 * transaction around it.
 */
export async function recordDeliveryAttempt(db: Executor, deliveryId: string, attempt: AttemptRecord) {
  const now = new Date();
  const moved = db.$with('moved').as(
    db
      .update(webhookDeliveries)
      .set({
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        lastStatusCode: attempt.statusCode,
        lastError: attempt.error,
        status: attempt.outcome === 'retrying' ? 'pending' : attempt.outcome,
        ...(attempt.outcome === 'delivered' ? { deliveredAt: now } : {}),
        modifiedAt: now,
      })
      .where(eq(webhookDeliveries.id, deliveryId))
      .returning({ attempts: webhookDeliveries.attempts }),
  );
  await db
    .with(moved)
    .insert(deliveryAttempts)
    .select(
      db
        .select({
          id: sql`${uuidv7()}::uuid`.as('id'),
          deliveryId: sql`${deliveryId}::uuid`.as('delivery_id'),
          attempt: moved.attempts,
          statusCode: sql`${attempt.statusCode}::integer`.as('status_code'),
          error: sql`${attempt.error}::text`.as('error'),
          durationMs: sql`${Math.round(attempt.durationMs)}::integer`.as('duration_ms'),
          responseExcerpt: sql`${attempt.responseExcerpt}::text`.as('response_excerpt'),
          createdAt: sql`now()`.as('created_at'),
        })
        .from(moved),
    );
}

export async function listDeliveryAttempts(db: Executor, deliveryId: string) {
  return db.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, deliveryId)).orderBy(asc(deliveryAttempts.attempt));
}

/** Deliveries still pending since `before`: their job was lost with Redis, or never enqueued. */
export async function findStalledDeliveries(db: Executor, before: Date, limit: number, afterId?: string): Promise<string[]> {
  const unfinished = and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.modifiedAt, before));
  const query = db.select({ id: webhookDeliveries.id }).from(webhookDeliveries);
  const rows =
    afterId === undefined
      ? await query.where(unfinished).orderBy(asc(webhookDeliveries.modifiedAt)).limit(limit)
      : await query
          .where(afterId ? and(unfinished, gt(webhookDeliveries.id, afterId)) : unfinished)
          .orderBy(asc(webhookDeliveries.id))
          .limit(limit);
  return rows.map((row) => row.id);
}
