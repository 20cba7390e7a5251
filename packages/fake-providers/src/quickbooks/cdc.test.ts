import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PREFIX, REALM, START, faultOf, harness } from './test-support.js';
import type { Harness } from './test-support.js';

let h: Harness;
beforeEach(async () => {
  h = await harness({ books: 'default' });
});
afterEach(async () => {
  await h.close();
});

const DAY = 24 * 3600 * 1000;
const cdc = (entities: string, changedSince: string) =>
  h.app.inject({
    method: 'GET',
    url: `${PREFIX}/v3/company/${REALM}/cdc?entities=${entities}&changedSince=${encodeURIComponent(changedSince)}&minorversion=75`,
    headers: { authorization: `Bearer ${h.tokens.access_token}`, accept: 'application/json' },
  });
type Cdc = { CDCResponse: { QueryResponse: Record<string, unknown>[] }[]; time: string };

describe('change data capture', () => {
  it('answers what changed since, per entity asked, in CDCResponse/QueryResponse', async () => {
    h.fake.accounts(REALM);
    h.advance(600_000);
    const since = new Date(h.now()).toISOString();
    h.advance(1_000);
    const travel = h.fake.accounts(REALM).find((a) => a.Name === 'Travel');
    expect((await h.create({ Id: travel?.Id, SyncToken: '0', sparse: true, Description: 'Flights' })).statusCode).toBe(200);
    const answer = await cdc('Account,Class', since);
    expect(answer.statusCode, answer.body).toBe(200);
    const body = answer.json() as Cdc;
    expect(body.CDCResponse[0]?.QueryResponse).toEqual([
      { Account: [expect.objectContaining({ Id: travel?.Id, Description: 'Flights', SyncToken: '1' })], startPosition: 1, maxResults: 1 },
      {},
    ]);
    // Everything since the company was made: the whole default chart.
    const all = (await cdc('Account', new Date(START - 1000).toISOString())).json() as Cdc;
    expect(all.CDCResponse[0]?.QueryResponse[0]?.Account).toHaveLength(h.fake.accounts(REALM).length);
  });

  it('answers at most 1,000 objects', async () => {
    h.fake.seedAccounts(REALM, 1_500);
    const body = (await cdc('Account', new Date(START - 1000).toISOString())).json() as Cdc;
    expect(body.CDCResponse[0]?.QueryResponse[0]).toMatchObject({ maxResults: 1000 });
  });

  it('refuses a look-back over 30 days, and TaxRate, which CDC does not serve', async () => {
    const old = await cdc('Account', new Date(START - 31 * DAY).toISOString());
    expect(old.statusCode).toBe(400);
    expect(faultOf(old).Detail).toContain('which is older than fixed days is not supported');
    expect((await cdc('Account', new Date(START - 29 * DAY).toISOString())).statusCode).toBe(200);
    expect((await cdc('TaxRate', new Date(START).toISOString())).statusCode).toBe(400);
  });
});
