import { randomUUID } from 'node:crypto';
import { markAccountFailed, markConnectionInvalid, type NewRecord, type RecordScope, type StoredRecord } from '@ledgersync/db';
import { OBJECTS, type SyncStatus } from '@ledgersync/unified';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Harness, startHarness } from '../../../../../test/support/harness.js';
import type { RouteDeps } from '../../deps.js';
import { registerErrorHandling } from '../../errors.js';
import { useExactJson } from '../../exact-json.js';
import { createLookups } from '../../lookups.js';
import { buildAppForDocument } from '../../openapi/offline.js';
import { registerOpenApi } from '../../openapi/index.js';
import { type RecordRoutes, registerRecordRoutes } from './index.js';

// The routes are written once and served for each object from its entry: a made-up object that
// no route names (a widget, pushed, whose parent is a widget; a gadget, pulled only) gets the
// same intake, reads, retry and meta as the account, from nothing but its entry.

interface WidgetRow extends StoredRecord {
  projectId: string;
  name: string;
  parent: string | null;
  createdAt: string;
}

/** The widgets' table, in memory; it counts its INSERT statements. */
function widgetTable() {
  const rows: WidgetRow[] = [];
  const inScope = (scope: RecordScope) => (row: WidgetRow) => row.projectId === scope.projectId && row.connectionId === scope.connectionId;
  const table = {
    rows,
    inserts: 0,
    records: {
      load: async (_db: unknown, id: string) => rows.find((row) => row.id === id),
      get: async (_db: unknown, scope: RecordScope, id: string) => rows.filter(inScope(scope)).find((row) => row.id === id),
      list: async (_db: unknown, scope: RecordScope, page: { limit: number }) => ({
        data: rows.filter(inScope(scope)).slice(0, page.limit),
        prev_cursor: null,
        next_cursor: null,
      }),
      standings: async (_db: unknown, ids: readonly string[]) => rows.filter((row) => ids.includes(row.id)),
      toOutput: (row: WidgetRow, includeRemoteData: boolean) => ({
        id: row.id,
        name: row.name,
        parent_widget: row.parent,
        status: row.syncStatus,
        remote_data: includeRemoteData ? {} : null,
      }),
      insertMany: async (_db: unknown, items: readonly NewRecord<{ name: string; parent: string | null }, string>[]) => {
        table.inserts += 1;
        const stored = items.map(({ scope, record }) => ({
          id: randomUUID(),
          ...scope,
          name: record.name,
          parent: record.parent,
          syncStatus: 'pending' as SyncStatus,
          createdAt: new Date().toISOString(),
        }));
        rows.push(...stored);
        return stored;
      },
      resetFailed: async (_db: unknown, scope: RecordScope | null, id: string) => {
        const row = rows.find((r) => r.id === id && r.syncStatus === 'failed' && (!scope || inScope(scope)(r)));
        if (row) row.syncStatus = 'pending';
        return row;
      },
    },
  };
  return table;
}

const widgetInput = z.object({ name: z.string().min(1), parent_widget: z.uuid().nullish() }).strict();
const widgetOutput = z.object({
  id: z.string(),
  name: z.string(),
  parent_widget: z.string().nullable(),
  status: z.string(),
  remote_data: z.unknown(),
});
const docs = (operationId: string, status: number, response: z.ZodType = widgetOutput) => ({
  tags: ['accounting/widgets'],
  operationId,
  summary: operationId,
  response: { [status]: response.describe(operationId) },
});

function widgetEntry(
  table: ReturnType<typeof widgetTable>,
): RecordRoutes<WidgetRow, z.infer<typeof widgetInput>, unknown, { name: string; parent: string | null }, string> {
  return {
    definition: {
      name: 'widget',
      path: 'widgets',
      eventPrefix: 'accounting.widget',
      inputSchema: widgetInput,
      directions: ['push'],
      dependsOn: { field: 'parent_widget', object: 'widget', label: 'parent widget' },
    },
    noun: { one: 'widget', many: 'widgets' },
    records: table.records,
    docs: {
      tag: { name: 'accounting/widgets', description: 'Widgets.' },
      list: docs(
        'listWidgets',
        200,
        z.object({ data: z.array(widgetOutput), prev_cursor: z.string().nullable(), next_cursor: z.string().nullable() }),
      ),
      retrieve: docs('retrieveWidget', 200),
    },
    push: {
      records: table.records,
      check: (connection, input) => ({
        record: { name: input.name, parent: input.parent_widget ?? null },
        issues:
          input.name === 'refused'
            ? [{ field: 'name', code: 'unsupported_value', message: `${connection.provider} takes no such widget` }]
            : [],
        warnings: [],
      }),
      meta: (descriptor) => ({ provider: descriptor.slug, widgets: 'any' }),
      docs: {
        create: docs('createWidget', 201),
        retry: docs('retryWidget', 202),
        meta: docs('widgetsMeta', 200, z.object({ provider: z.string(), widgets: z.string() })),
        requestExample: { name: 'Sprocket' },
      },
    },
  };
}

/** A record pulled only: listed and read, never created or retried. */
function gadgetEntry(): RecordRoutes {
  const gadget = { id: randomUUID(), connectionId: '', syncStatus: 'synced' as SyncStatus };
  return {
    definition: { name: 'gadget', path: 'gadgets', eventPrefix: 'accounting.gadget', directions: ['pull'] },
    noun: { one: 'gadget', many: 'gadgets' },
    records: {
      load: async () => gadget,
      get: async (_db, _scope, id) => (id === gadget.id ? gadget : undefined),
      list: async () => ({ data: [gadget], prev_cursor: null, next_cursor: null }),
      standings: async () => [],
      toOutput: (row) => ({ id: row.id }),
    },
    docs: {
      tag: { name: 'accounting/gadgets', description: 'Gadgets.' },
      list: { tags: ['accounting/gadgets'], operationId: 'listGadgets', summary: 'List gadgets' },
      retrieve: { tags: ['accounting/gadgets'], operationId: 'retrieveGadget', summary: 'Retrieve a gadget' },
    },
  };
}

let h: Harness;
let app: FastifyInstance;
let table: ReturnType<typeof widgetTable>;
let gadget: RecordRoutes;
let headers: Record<string, string>;

beforeAll(async () => {
  h = await startHarness({ workers: false });
  table = widgetTable();
  gadget = gadgetEntry();
  const deps: RouteDeps = {
    db: h.db,
    cipher: h.cipher,
    queues: h.queues,
    logger: pino({ level: 'silent' }),
    health: async () => ({ database: true, redis: true }),
    lookups: createLookups(h.db),
  };
  // The app's own parts that the routes rely on (buildApp's), with the made-up objects only.
  app = Fastify({ loggerInstance: deps.logger as FastifyBaseLogger });
  app.setValidatorCompiler(validatorCompiler);
  useExactJson(app);
  app.decorateRequest('caller', null);
  app.decorateRequest('connection', null);
  registerErrorHandling(app);
  const objects = [widgetEntry(table), gadget];
  await registerOpenApi(app, objects);
  await registerRecordRoutes(app, deps, objects);
  const t = await h.tenant();
  headers = { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken };
}, 60_000);

afterAll(async () => {
  await app?.close();
  await h?.close();
});

const post = (url: string, payload?: object, extra: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, headers: { ...headers, ...extra }, ...(payload ? { payload } : {}) });
const get = (url: string) => app.inject({ method: 'GET', url, headers });

describe('an object served from its entry alone', () => {
  it('takes creates in one batch, stores each and enqueues its push naming its object', async () => {
    const inserts = table.inserts;
    const answers = await Promise.all(['Cog', 'Gear', 'Sprocket'].map((name) => post('/accounting/widgets', { name })));
    expect(answers.map((answer) => answer.statusCode)).toEqual([201, 201, 201]);
    expect(table.inserts - inserts).toBe(1);
    for (const answer of answers) {
      const body = answer.json();
      expect(table.rows.find((row) => row.id === body.id)?.name).toBe(body.name);
      expect((await h.queues.push.getJob(body.id))?.data).toEqual({ object: 'widget', id: body.id });
    }
  });

  it("refuses what the check refuses, and a parent that is not on the connection or failed, in the object's words", async () => {
    const refused = await post('/accounting/widgets', { name: 'refused' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ error: 'unprocessable_widget', message: 'QuickBooks Online cannot take this widget: name' });

    const unknown = randomUUID();
    const orphan = await post('/accounting/widgets', { name: 'Orphan', parent_widget: unknown });
    expect(orphan.json()).toMatchObject({
      error: 'unprocessable_widget',
      details: [{ field: 'parent_widget', code: 'invalid', message: `no widget ${unknown} on this connection` }],
    });

    const parent = (await post('/accounting/widgets', { name: 'Parent' })).json().id as string;
    const row = table.rows.find((r) => r.id === parent);
    if (row) row.syncStatus = 'failed';
    const child = await post('/accounting/widgets', { name: 'Child', parent_widget: parent });
    expect(child.json().details).toEqual([
      { field: 'parent_widget', code: 'invalid', message: 'the parent widget failed to push; retry it first' },
    ]);
    expect(table.rows.filter((r) => ['refused', 'Orphan', 'Child'].includes(r.name))).toEqual([]);
  });

  it('replays a create sent again with the same Idempotency-Key, storing it once', async () => {
    const key = { 'idempotency-key': `widget-${randomUUID()}` };
    const first = await post('/accounting/widgets', { name: 'Once' }, key);
    const again = await post('/accounting/widgets', { name: 'Once' }, key);
    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
    expect(table.rows.filter((row) => row.name === 'Once')).toHaveLength(1);
  });

  it('lists and gets the connection’s widgets; an unknown id is a 404 naming a widget', async () => {
    const page = await get('/accounting/widgets?limit=2');
    expect(page.statusCode).toBe(200);
    expect(page.json().data).toHaveLength(2);
    const id = page.json().data[0].id as string;
    expect((await get(`/accounting/widgets/${id}?remote_data=true`)).json()).toMatchObject({ id, remote_data: {} });
    const missing = randomUUID();
    expect((await get(`/accounting/widgets/${missing}`)).json()).toMatchObject({ statusCode: 404, message: `widget ${missing} not found` });
  });

  it('retries a failed widget and re-enqueues its push; refuses one that has not failed', async () => {
    const id = (await post('/accounting/widgets', { name: 'Flaky' })).json().id as string;
    const early = await post(`/accounting/widgets/${id}/retry`);
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toBe('only a failed widget can be retried; this one is pending');

    const row = table.rows.find((r) => r.id === id);
    if (row) row.syncStatus = 'failed';
    await h.queues.push.remove(id);
    const retried = await post(`/accounting/widgets/${id}/retry`);
    expect(retried.statusCode).toBe(202);
    expect(retried.json()).toMatchObject({ id, status: 'pending' });
    expect((await h.queues.push.getJob(id))?.data).toEqual({ object: 'widget', id });
  });

  it("answers /meta from the entry's meta, for the connection's provider", async () => {
    expect((await get('/accounting/widgets/meta')).json()).toEqual({ provider: 'quickbooks', widgets: 'any' });
  });

  it('serves a pulled-only object its list and get, and no create, retry or meta', async () => {
    const listed = await get('/accounting/gadgets');
    expect(listed.statusCode).toBe(200);
    const id = listed.json().data[0].id as string;
    expect((await get(`/accounting/gadgets/${id}`)).json()).toEqual({ id });
    expect((await post('/accounting/gadgets', {})).statusCode).toBe(404);
    expect((await post(`/accounting/gadgets/${id}/retry`)).statusCode).toBe(404);
    expect((await get('/accounting/gadgets/meta')).statusCode).toBe(404);
  });

  it("documents each object's operations under its tag, the create with an Idempotency-Key and its example", async () => {
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(document.tags.map((tag: { name: string }) => tag.name)).toEqual([
      'accounting/widgets',
      'accounting/gadgets',
      'connection/field_mappings',
      'events',
      'sync',
      'webhooks',
    ]);
    expect(Object.keys(document.paths)).toEqual([
      '/accounting/widgets',
      '/accounting/widgets/meta',
      '/accounting/widgets/{id}',
      '/accounting/widgets/{id}/retry',
      '/accounting/gadgets',
      '/accounting/gadgets/{id}',
    ]);
    const create = document.paths['/accounting/widgets'].post;
    expect(create.parameters.map((parameter: { name: string }) => parameter.name)).toContain('Idempotency-Key');
    expect(create.requestBody.content['application/json'].example).toEqual({ name: 'Sprocket' });
  });
});

describe("the account's answers, in its words", () => {
  it('names the account in every refusal, as before the routes were generic', async () => {
    const t = await h.tenant();
    const parent = (await h.postAccount(t, { name: 'Parent', type: 'Bank' })).json().id as string;
    await markAccountFailed(h.db, parent, { code: 'provider_rejected', message: 'refused' });
    const child = await h.postAccount(t, { name: 'Child', type: 'Bank', parent_account: parent });
    expect(child.statusCode).toBe(422);
    expect(child.json()).toMatchObject({
      error: 'unprocessable_account',
      message: 'QuickBooks Online cannot take this account: parent_account',
      details: [{ field: 'parent_account', code: 'invalid', message: 'the parent account failed to push; retry it first' }],
    });

    const pending = (await h.postAccount(t, { name: 'Pending', type: 'Bank' })).json().id as string;
    const retry = await h.app.inject({
      method: 'POST',
      url: `/accounting/accounts/${pending}/retry`,
      headers: { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken },
    });
    expect(retry.json()).toMatchObject({
      statusCode: 409,
      error: 'not_failed',
      message: 'only a failed account can be retried; this one is pending',
    });
    const missing = randomUUID();
    expect((await h.getAccounts(t, `/${missing}`)).json()).toMatchObject({ error: 'not_found', message: `account ${missing} not found` });

    await markConnectionInvalid(h.db, t.connectionId, 'credentials refused');
    const held = await h.postAccount(t, { name: 'Held', type: 'Bank' });
    expect(held.json()).toMatchObject({
      statusCode: 422,
      error: 'connection_invalid',
      message: 'this connection must be re-authorised before accounts can be pushed to it',
    });
  });
});

describe('the objects of the registry', () => {
  it('are each served at /accounting/<path>: list and get, and for a pushed one create, retry and meta', async () => {
    const served = await buildAppForDocument();
    try {
      const document = (await served.inject({ method: 'GET', url: '/openapi.json' })).json();
      for (const object of Object.values(OBJECTS)) {
        const base = `/accounting/${object.path}`;
        const pushed = (object.directions as readonly string[]).includes('push');
        const operations = Object.entries(document.paths as Record<string, Record<string, unknown>>)
          .filter(([path]) => path === base || path.startsWith(`${base}/`))
          .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
        expect(operations.sort(), object.name).toEqual(
          [`GET ${base}`, `GET ${base}/{id}`, ...(pushed ? [`POST ${base}`, `POST ${base}/{id}/retry`, `GET ${base}/meta`] : [])].sort(),
        );
      }
    } finally {
      await served.close();
    }
  });
});
