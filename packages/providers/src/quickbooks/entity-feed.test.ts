import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullContext } from '../types.js';
import { quickbooksTrackingCategoriesPull } from './tracking-categories.js';

// A CDC answer as Intuit's ChangeDataCapture reference shows one, with an entity deleted
// (`"status": "Deleted"`, only its Id and MetaData): the QuickBooks fake never deletes a Class
// (QuickBooks makes them inactive), so this reader's path for it is checked against the sample.
const SAMPLE = {
  CDCResponse: [
    {
      QueryResponse: [
        {
          Class: [
            { Id: '7', Name: 'Europe', Active: true, SyncToken: '1', MetaData: { CreateTime: '2015-12-23T10:00:00-08:00', LastUpdatedTime: '2015-12-23T12:50:00-08:00' } },
            { status: 'Deleted', domain: 'QBO', Id: '979', MetaData: { LastUpdatedTime: '2015-12-23T12:55:50-08:00' } },
          ],
          startPosition: 1,
          maxResults: 2,
        },
      ],
    },
  ],
  time: '2015-12-23T12:56:06.196-08:00',
};

let server: Server;
let context: PullContext;
beforeAll(async () => {
  server = createServer((req, res) => {
    const entity = new URL(req.url ?? '', 'http://x').searchParams.get('entities');
    const body = entity === 'Class' ? SAMPLE : { CDCResponse: [{ QueryResponse: [{}] }], time: SAMPLE.time };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  context = { baseUrl: `http://127.0.0.1:${port}`, tenantId: '123', accessToken: 'token', timeoutMs: 5_000 };
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('QuickBooks CDC answers', () => {
  it('reports a deleted entity by its remote id, the changed ones as records, and the watermark from QuickBooks time', async () => {
    const feed = quickbooksTrackingCategoriesPull.changes;
    if (!feed) throw new Error('tracking categories have a change feed');
    const first = await feed(context, '2015-12-23T17:00:00Z', null);
    expect(first.records.map((r) => [r.remoteId, r.fields.name])).toEqual([['Class:7', 'Europe']]);
    expect(first.deletedRemoteIds).toEqual(['Class:979']);
    const second = await feed(context, '2015-12-23T17:00:00Z', first.next);
    expect(second).toMatchObject({ records: [], next: null, watermark: new Date(Date.parse(SAMPLE.time) - 5 * 60_000).toISOString() });
  });
});
