import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  countSecretsNotUnder,
  createConnection,
  ensureProject,
  loadConnection,
  reencryptSecrets,
  SEALED_COLUMNS,
  signingSecrets,
} from '@ledgersync/db';
import { connections, webhookEndpoints } from '@ledgersync/db/schema';
import { createSecretCipher, keyIdFor } from '@ledgersync/secrets';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type Harness, startHarness } from '../support/harness.js';

// Rotating the encryption key of secrets at rest: the new key becomes LEDGERSYNC_ENCRYPTION_KEY,
// the old one moves to LEDGERSYNC_PREVIOUS_ENCRYPTION_KEYS, and `ledgersync keys rotate`
// re-encrypts everything under the new one, after which the old key can be dropped.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: false });
});
afterAll(async () => {
  await h?.close();
});

/** A project with a connection (credentials) and a webhook endpoint whose secret was rotated (two secrets). */
async function seed() {
  const t = await h.tenant(['accounting.account.created']);
  const rotated = await h.app.inject({ method: 'POST', url: `/webhooks/${t.webhookId}/rotate_secret`, headers: { 'x-api-key': t.apiKey } });
  return { ...t, secrets: [rotated.json().secret as string, t.webhookSecret] };
}

/** The key id of every stored ciphertext. */
async function keyIdsInUse(): Promise<string[]> {
  const rows = [
    ...(await h.db.select({ value: connections.credentials }).from(connections)),
    ...(await h.db.select({ value: webhookEndpoints.secret }).from(webhookEndpoints)),
    ...(await h.db.select({ value: webhookEndpoints.previousSecret }).from(webhookEndpoints)),
  ];
  return [...new Set(rows.flatMap((row) => (row.value ? [row.value.split('.')[1] ?? ''] : [])))];
}

/**
 * Every text column of the schema holding a ledgersync ciphertext, so that a new encrypted column
 * the rotation does not know about fails the test instead of keeping the old key alive.
 */
async function columnsHoldingCiphertext(): Promise<string[]> {
  const columns = await h.db.execute<{ table_name: string; column_name: string }>(
    sql`select table_name, column_name from information_schema.columns where table_schema = 'public' and data_type = 'text'`,
  );
  const found: string[] = [];
  for (const { table_name, column_name } of columns) {
    const [row] = await h.db.execute<{ n: number }>(
      sql`select count(*)::int as n from ${sql.identifier(table_name)} where ${sql.identifier(column_name)} ~ '^v1\.[0-9a-f]{8}\.'`,
    );
    if ((row?.n ?? 0) > 0) found.push(`${table_name}.${column_name}`);
  }
  return found.sort();
}

describe('ledgersync keys rotate', () => {
  const newKey = randomBytes(32);
  const cliEnv = (extra: Record<string, string> = {}) => ({
    DATABASE_URL: h.databaseUrl,
    LEDGERSYNC_DATA_DIR: mkdtempSync(join(tmpdir(), 'ls-keys-')),
    LEDGERSYNC_ENCRYPTION_KEY: newKey.toString('base64'),
    LEDGERSYNC_PREVIOUS_ENCRYPTION_KEYS: h.encryptionKey,
    ...extra,
  });

  it('re-encrypts every stored secret under the new key, showing progress; a second run does nothing', async () => {
    const first = await seed();
    const second = await seed();
    expect(await keyIdsInUse()).toEqual([h.cipher.activeKeyId]);
    expect(await columnsHoldingCiphertext()).toEqual(SEALED_COLUMNS.map((column) => column.name).sort());

    const run = await runCli(cliEnv(), 'keys', 'rotate', '--json');
    expect(run.code, run.stderr).toBe(0);
    // Two projects, each: connection credentials, webhook secret, the secret it replaced.
    expect(JSON.parse(run.stdout)).toEqual({
      active_key_id: keyIdFor(newKey),
      to_reencrypt: 6,
      reencrypted: 6,
      changed_meanwhile: 0,
      undecryptable: [],
      remaining: 0,
    });
    expect(run.stderr).toContain('re-encrypting secrets: 6/6');
    expect(await keyIdsInUse()).toEqual([keyIdFor(newKey)]);

    // The new key alone now opens everything, and the old one opens nothing.
    const newOnly = createSecretCipher(newKey);
    for (const t of [first, second]) {
      const connection = await loadConnection(h.db, newOnly, t.connectionId);
      expect(connection?.credentials.accessToken).toBe(t.accessToken);
      const [endpoint] = await h.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, t.webhookId));
      expect(endpoint && signingSecrets(newOnly, endpoint)).toEqual(t.secrets);
      expect(() => h.cipher.decrypt(endpoint?.secret ?? '')).toThrow(/no encryption key/);
    }

    const again = await runCli(cliEnv(), 'keys', 'rotate', '--json');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ to_reencrypt: 0, reencrypted: 0, remaining: 0 });
  });

  it('refuses, and leaves alone, secrets under a key that is not configured', async () => {
    const forgotten = randomBytes(32);
    const { project } = await ensureProject(h.db, `forgotten-${randomBytes(3).toString('hex')}`);
    const { connection } = await createConnection(h.db, createSecretCipher(forgotten), {
      projectId: project.id,
      provider: 'quickbooks',
      tenantId: 'realm-forgotten',
      baseUrl: 'https://quickbooks.example.com',
      credentials: { accessToken: 'forgotten-token' },
    });
    const [before] = await h.db.select().from(connections).where(eq(connections.id, connection.id));

    const run = await runCli(cliEnv(), 'keys', 'rotate', '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      to_reencrypt: 1,
      reencrypted: 0,
      undecryptable: [{ column: 'connections.credentials', id: connection.id, keyId: keyIdFor(forgotten) }],
      remaining: 1,
    });
    expect(run.stderr).toContain(`under key(s) ${keyIdFor(forgotten)}, which no configured key matches`);
    const [after] = await h.db.select().from(connections).where(eq(connections.id, connection.id));
    expect(after?.credentials).toBe(before?.credentials);

    // With that key added to the previous keys, the same command completes.
    const fixed = await runCli(
      cliEnv({ LEDGERSYNC_PREVIOUS_ENCRYPTION_KEYS: `${h.encryptionKey},${forgotten.toString('base64')}` }),
      'keys',
      'rotate',
      '--json',
    );
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(JSON.parse(fixed.stdout)).toMatchObject({ to_reencrypt: 1, reencrypted: 1, remaining: 0 });
    expect((await loadConnection(h.db, createSecretCipher(newKey), connection.id))?.credentials.accessToken).toBe('forgotten-token');
  });

  it('never overwrites a secret rewritten while the rotation runs (a token refresh)', async () => {
    const rotationKey = randomBytes(32);
    const ring = createSecretCipher(rotationKey, [newKey, Buffer.from(h.encryptionKey, 'base64')]);
    const ids = (await h.db.select({ id: connections.id }).from(connections)).map((row) => row.id);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const last = ids.at(-1) ?? '';
    let refreshed = false;
    const report = await reencryptSecrets(h.db, ring, {
      batchSize: 100,
      async onProgress(done) {
        // After the first row, a worker refreshes the last connection's tokens under the new key.
        if (done === 1 && !refreshed) {
          refreshed = true;
          await h.db
            .update(connections)
            .set({ credentials: ring.encrypt(JSON.stringify({ accessToken: 'refreshed' })) })
            .where(eq(connections.id, last));
        }
      },
    });
    expect(refreshed).toBe(true);
    expect(report.changedMeanwhile).toBe(1);
    expect(report.remaining).toBe(0);
    expect((await loadConnection(h.db, ring, last))?.credentials.accessToken).toBe('refreshed');
    const others = await h.db.select().from(connections).where(inArray(connections.id, ids));
    for (const row of others) expect(ring.keyIdOf(row.credentials)).toBe(ring.activeKeyId);
    expect(await countSecretsNotUnder(h.db, ring.activeKeyId)).toBe(0);
  });
});
