import { readFileSync } from 'node:fs';
import { createApiKey, issueConnectionToken, migrate } from '@ledgersync/db';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabaseAt, type TestDatabase } from '../support/database.js';
import { type Harness, startHarness } from '../support/harness.js';
import {
  type Answer,
  CONNECTION_ID,
  PREVIOUS_RELEASE_MIGRATION,
  PROJECT_ID,
  readAnswers,
  replayEvent,
  replayIdempotentCreate,
  seedPreviousRelease,
} from './previous-release.js';

// Issue 17 moved the sync state into a shared column set, gave accounts a direction and a
// unique (connection, remote id), and made events name their object instead of `account_id`.
// An install upgraded from the release before it must answer every question about its data as
// before. The release's answers about the seeded data (previous-release.ts) were recorded by that
// release's own API (the harness app at commit db22a31) in fixtures/answers-before-0005.json:
// today's code cannot read the old schema, so the fixture is the "before" (the Idempotency-Key
// replay too: it was also asked live before the upgrade until today's code read columns that
// schema lacks, connections.company_country).

const before: Answer[] = JSON.parse(readFileSync(new URL('./fixtures/answers-before-0005.json', import.meta.url), 'utf8'));

let database: TestDatabase;
let previous: Harness | undefined;
let upgraded: Harness | undefined;
let credentials: { apiKey: string; connectionToken: string };

beforeAll(async () => {
  database = await createDatabaseAt(PREVIOUS_RELEASE_MIGRATION);
  await seedPreviousRelease(database.url);
  // The harness drops its database on close: this one is kept for the upgraded harness.
  previous = await startHarness({ database: { url: database.url, drop: async () => {} }, workers: false });
  credentials = {
    apiKey: (await createApiKey(previous.db, PROJECT_ID)).key,
    connectionToken: await issueConnectionToken(previous.db, { id: CONNECTION_ID, projectId: PROJECT_ID }),
  };
  await previous.close();
  previous = undefined;
  await migrate(database.url);
  // A fresh app: postgres.js caches prepared statements, and a plan cached before ALTER TABLE can fail.
  upgraded = await startHarness({ database, workers: false });
}, 60_000);
afterAll(async () => {
  await previous?.close();
  if (upgraded) await upgraded.close();
  else await database?.drop();
});

describe('upgrading an install of the release before one pipeline for every object', () => {
  it('moves the rows into the new shape', async () => {
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      const accounts = await sql`select direction, count(*)::int as n from accounts group by direction`;
      expect(accounts).toEqual([{ direction: 'push', n: 9 }]);
      const events =
        await sql`select object, record_id, count(*)::int as n from events group by object, record_id order by record_id nulls last`;
      expect(events.map((e) => [e.object, e.record_id])).toEqual([
        ['account', '01940000-0000-7000-8000-000000000101'],
        ['account', '01940000-0000-7000-8000-000000000102'],
        ['account', '01940000-0000-7000-8000-000000000105'],
        [null, null],
      ]);
    } finally {
      await sql.end();
    }
  });

  it('answers every read about the data as the previous release did, byte for byte', async () => {
    if (!upgraded) throw new Error('no upgraded harness');
    const after = await readAnswers(upgraded.app, credentials);
    // Issue 13 added where each record came from, last in each account: every account shows it,
    // with the values an upgraded install's accounts have (pushed, not deleted at the provider);
    // without it, each answer is the recorded one, byte for byte.
    const provenance = ',"origin":"pushed","remote_deleted_at":null}';
    for (const answer of after) {
      const accountsIn = answer.body.match(/"warnings":/g)?.length ?? 0;
      expect(answer.body.split(provenance).length - 1, answer.request).toBe(accountsIn);
    }
    const recordedFields = after.map((answer) => ({ ...answer, body: answer.body.replaceAll(provenance, '}') }));
    expect(recordedFields).toEqual(before.slice(0, after.length));
  });

  it('replays the Idempotency-Key create as before', async () => {
    if (!upgraded) throw new Error('no upgraded harness');
    const after = await replayIdempotentCreate(upgraded.app, credentials);
    expect(after).toEqual(before.at(-2));
  });

  it('replays an event as before', async () => {
    if (!upgraded) throw new Error('no upgraded harness');
    expect(await replayEvent(upgraded.app, credentials)).toEqual(before.at(-1));
  });
});

describe('an install where two accounts of a connection name the same provider record', () => {
  it('stops the upgrade naming them, changes nothing, and upgrades once one is kept', async () => {
    const twice = await createDatabaseAt(PREVIOUS_RELEASE_MIGRATION);
    const sql = postgres(twice.url, { max: 1, onnotice: () => {} });
    try {
      await seedPreviousRelease(twice.url);
      await sql`update accounts set remote_id = '41' where id = '01940000-0000-7000-8000-000000000102'`;
      const refused = await migrate(twice.url).then(
        () => null,
        (error: Error) => (error.cause instanceof Error ? error.cause.message : error.message),
      );
      expect(refused).toMatch(
        /same provider record.*remote_id 41: accounts 01940000-0000-7000-8000-000000000101, 01940000-0000-7000-8000-000000000102/,
      );
      // The migration runs in one transaction: nothing moved.

      const [events] =
        await sql`select count(*)::int as n from information_schema.columns where table_name = 'events' and column_name = 'account_id'`;
      expect(events?.n).toBe(1);
      await sql`update accounts set remote_id = '42' where id = '01940000-0000-7000-8000-000000000102'`;
      await migrate(twice.url);
      await expect(sql`update accounts set remote_id = '41' where id = '01940000-0000-7000-8000-000000000102'`).rejects.toThrow(
        /accounts_connection_id_remote_id_key/,
      );
    } finally {
      await sql.end();
      await twice.drop();
    }
  });
});
