import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { type Executor, rowsOf } from '../client.js';
import { accounts, events, webhookDeliveries } from '../schema/index.js';
import type { AccountRow } from './accounts.js';
import { type NewEvent, subscribedEndpoints } from './webhooks.js';

const uuids = (ids: readonly string[]) =>
  sql`array[${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )}]::uuid[]`;

/**
 * Records a pushed account and its event, with one pending delivery per subscribed endpoint, in
 * one statement: atomic as a transaction would be, in one round trip instead of six. `synced` is
 * the row as it is to be stored (see `syncedAccount`). Returns the delivery ids to enqueue; null
 * when the account had already been finished by another run, and none when the event was already
 * recorded (a job that ran twice).
 */
export async function recordAccountSynced(db: Executor, synced: AccountRow, event: NewEvent): Promise<string[] | null> {
  // Read first, outside the statement: an endpoint removed in between fails the statement (its
  // foreign key), and the job's retry reads again.
  const endpoints = await subscribedEndpoints(db, event.projectId, event.type);
  const deliveryIds = endpoints.map(() => uuidv7());
  const result = await db.execute(sql`
    with updated as (
      update ${accounts}
      set sync_status = 'synced', remote_id = ${synced.remoteId}, remote_data = ${JSON.stringify(synced.remoteData ?? null)}::jsonb,
          last_error = null, synced_at = ${synced.syncedAt?.toISOString()}::timestamptz, modified_at = ${synced.modifiedAt.toISOString()}::timestamptz,
          name = ${synced.name}, type = ${synced.type}, classification = ${synced.classification}, status = ${synced.status},
          account_number = ${synced.accountNumber}, currency = ${synced.currency}
      where id = ${synced.id} and sync_status in ('pending', 'pushing')
      returning id
    ), event as (
      insert into ${events} (id, project_id, type, dedupe_key, account_id, payload)
      select ${uuidv7()}, ${event.projectId}, ${event.type}, ${event.dedupeKey}, ${event.accountId}, ${JSON.stringify(event.payload)}::jsonb
      from updated
      on conflict (dedupe_key) do nothing
      returning id
    ), delivered as (
      insert into ${webhookDeliveries} (id, project_id, event_id, endpoint_id)
      select delivery.id, ${event.projectId}, event.id, delivery.endpoint_id
      from event cross join unnest(${uuids(deliveryIds)}, ${uuids(endpoints.map((endpoint) => endpoint.id))}) as delivery (id, endpoint_id)
      returning id
    )
    select (select count(*) from updated)::int as updated, array(select id::text from delivered) as delivery_ids`);
  const [row] = rowsOf<{ updated: number; delivery_ids: string[] }>(result);
  if (!row || row.updated === 0) return null;
  return row.delivery_ids;
}
