import { stringifyJsonExact } from '@ledgersync/unified';
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { type Executor, rowsOf } from '../client.js';
import { accounts, events, webhookDeliveries, webhookEndpoints } from '../schema/index.js';
import type { AccountRow } from './accounts.js';
import type { NewEvent } from './webhooks.js';

/**
 * A UUIDv7 made by Postgres, for rows a statement creates in a number it decides (one delivery per
 * subscribed endpoint): a random UUID whose first 48 bits become the clock's milliseconds and whose
 * version becomes 7, so these ids sort by creation like the ones made in JS (`uuidv7`).
 */
const NEW_UUIDV7 = sql.raw(
  `encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid`,
);

/**
 * Records a pushed account and its event, with one pending delivery per active endpoint subscribed
 * to it, in one statement: atomic as a transaction would be, in one round trip instead of six. `synced` is
 * the row as it is to be stored (see `syncedAccount`). Returns the delivery ids to enqueue; null
 * when the account had already been finished by another run, and none when the event was already
 * recorded (a job that ran twice).
 */
export async function recordAccountSynced(db: Executor, synced: AccountRow, event: NewEvent): Promise<string[] | null> {
  const result = await db.execute(sql`
    with updated as (
      update ${accounts}
      set sync_status = 'synced', remote_id = ${synced.remoteId}, remote_data = ${stringifyJsonExact(synced.remoteData ?? null)}::jsonb,
          last_error = null, synced_at = ${synced.syncedAt?.toISOString()}::timestamptz, modified_at = ${synced.modifiedAt.toISOString()}::timestamptz,
          name = ${synced.name}, type = ${synced.type}, classification = ${synced.classification}, status = ${synced.status},
          account_number = ${synced.accountNumber}, currency = ${synced.currency}
      where id = ${synced.id} and sync_status in ('pending', 'pushing')
      returning id
    ), event as (
      insert into ${events} (id, project_id, type, dedupe_key, object, record_id, payload)
      select ${uuidv7()}, ${event.projectId}, ${event.type}, ${event.dedupeKey}, ${event.object}, ${event.recordId}, ${stringifyJsonExact(event.payload)}::jsonb
      from updated
      on conflict (dedupe_key) do nothing
      returning id
    ), delivered as (
      insert into ${webhookDeliveries} (id, project_id, event_id, endpoint_id)
      select ${NEW_UUIDV7}, ${event.projectId}, event.id, endpoint.id
      from event cross join ${webhookEndpoints} as endpoint
      where endpoint.project_id = ${event.projectId} and endpoint.active and endpoint.scope @> array[${event.type}]::text[]
      returning id
    )
    select (select count(*) from updated)::int as updated, array(select id::text from delivered) as delivery_ids`);
  const [row] = rowsOf<{ updated: number; delivery_ids: string[] }>(result);
  if (!row || row.updated === 0) return null;
  return row.delivery_ids;
}
