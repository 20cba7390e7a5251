import type { SecretCipher } from '@ledgersync/secrets';
import { and, asc, count, eq, gt, isNotNull, ne, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../client.js';
import { connections, webhookEndpoints } from '../schema/index.js';

/** One column holding ciphertexts of @ledgersync/secrets (`v1.<key id>.…`). */
interface SealedColumn {
  /** `table.column`, for progress and failure reports. */
  name: string;
  table: PgTable;
  id: PgColumn;
  column: PgColumn;
  /** The property Drizzle sets the column by. */
  property: string;
}

/** Every secret stored encrypted. A new encrypted column must be listed here, or rotation misses it. */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { name: 'connections.credentials', table: connections, id: connections.id, column: connections.credentials, property: 'credentials' },
  {
    name: 'webhook_endpoints.secret',
    table: webhookEndpoints,
    id: webhookEndpoints.id,
    column: webhookEndpoints.secret,
    property: 'secret',
  },
  {
    name: 'webhook_endpoints.previous_secret',
    table: webhookEndpoints,
    id: webhookEndpoints.id,
    column: webhookEndpoints.previousSecret,
    property: 'previousSecret',
  },
];

/** The key id sits between the first two dots of a ciphertext. */
const underOtherKey = (sealed: SealedColumn, keyId: string): SQL =>
  and(isNotNull(sealed.column), ne(sql`split_part(${sealed.column}, '.', 2)`, keyId)) as SQL;

/** How many stored secrets are encrypted under another key than `keyId`. */
export async function countSecretsNotUnder(db: Executor, keyId: string): Promise<number> {
  let total = 0;
  for (const sealed of SEALED_COLUMNS) {
    const [row] = await db.select({ n: count() }).from(sealed.table).where(underOtherKey(sealed, keyId));
    total += row?.n ?? 0;
  }
  return total;
}

export interface ReencryptionReport {
  /** Secrets under another key when the run started. */
  total: number;
  reencrypted: number;
  /** Changed by someone else while being re-encrypted: left as they were written. */
  changedMeanwhile: number;
  /** Secrets no configured key opens (`LEDGERSYNC_PREVIOUS_ENCRYPTION_KEYS` lacks their key). */
  undecryptable: { column: string; id: string; keyId: string }[];
  /** Still under another key when the run ended; 0 once rotation is complete. */
  remaining: number;
}

/**
 * Re-encrypts every stored secret that is not under the cipher's active key, in batches, each row
 * with a compare-and-set on its old ciphertext so a concurrent write (a token refresh) is never
 * overwritten. Rows already under the active key are not touched, so running it again does nothing.
 */
export async function reencryptSecrets(
  db: Executor,
  cipher: SecretCipher,
  options: { batchSize?: number; onProgress?: (done: number, total: number) => void | Promise<void> } = {},
): Promise<ReencryptionReport> {
  const keyId = cipher.activeKeyId;
  const batchSize = options.batchSize ?? 100;
  const total = await countSecretsNotUnder(db, keyId);
  const report: ReencryptionReport = { total, reencrypted: 0, changedMeanwhile: 0, undecryptable: [], remaining: 0 };
  let done = 0;
  await options.onProgress?.(0, total);

  for (const sealed of SEALED_COLUMNS) {
    // Keyset pages by id: a row that cannot be re-encrypted is passed over, not read again.
    let afterId: string | undefined;
    for (;;) {
      const rows = (await db
        .select({ id: sealed.id, value: sealed.column })
        .from(sealed.table)
        .where(and(underOtherKey(sealed, keyId), afterId ? gt(sealed.id, afterId) : undefined))
        .orderBy(asc(sealed.id))
        .limit(batchSize)) as { id: string; value: string }[];
      if (rows.length === 0) break;
      for (const row of rows) {
        afterId = row.id;
        let plaintext: string;
        try {
          plaintext = cipher.decrypt(row.value);
        } catch {
          report.undecryptable.push({ column: sealed.name, id: row.id, keyId: cipher.keyIdOf(row.value) });
          await options.onProgress?.(++done, total);
          continue;
        }
        const updated = await db
          .update(sealed.table)
          .set({ [sealed.property]: cipher.encrypt(plaintext) } as never)
          .where(and(eq(sealed.id, row.id), eq(sealed.column, row.value)))
          .returning({ id: sealed.id });
        if (updated.length > 0) report.reencrypted += 1;
        else report.changedMeanwhile += 1;
        await options.onProgress?.(++done, Math.max(total, done));
      }
    }
  }
  report.remaining = await countSecretsNotUnder(db, keyId);
  return report;
}
