import { accounts } from '@ledgersync/db/schema';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';

// The bounds of what the intake takes, each refused with a 4xx naming the problem and nothing stored.
let h: Harness;
let t: { apiKey: string; connectionToken: string; connectionId: string };
let headers: Record<string, string>;
beforeAll(async () => {
  h = await startHarness({ workers: false });
  const project = await h.project();
  t = { ...project, ...(await h.connection(project.projectId)) };
  headers = { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken, 'content-type': 'application/json' };
  const meta = await h.app.inject({ method: 'GET', url: '/connection/field_mappings', headers });
  await h.app.inject({
    method: 'PUT',
    url: '/connection/field_mappings/mapped',
    headers,
    payload: { remote_field: meta.json().mappable_fields[0] },
  });
});
afterAll(async () => {
  await h?.close();
});

const rows = async () => (await h.db.select({ n: count() }).from(accounts).where(eq(accounts.connectionId, t.connectionId)))[0]?.n ?? 0;
const post = (payload: string, extra: Record<string, string> = {}) =>
  h.app.inject({ method: 'POST', url: '/accounting/accounts', headers: { ...headers, ...extra }, payload });

describe('intake bounds', () => {
  it('answers 413 payload_too_large to a body over the limit (1 MiB by default)', async () => {
    const response = await post(JSON.stringify({ name: 'Cash', type: 'Bank', description: 'x'.repeat(1024 * 1024) }));
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toBe('payload_too_large');
    expect(await rows()).toBe(0);
  });

  it('answers 415 to another media type, and 400 to unknown fields, naming them', async () => {
    const form = await post('name=Cash', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.statusCode).toBe(415);
    expect(form.json().error).toBe('unsupported_media_type');
    const unknown = await post(JSON.stringify({ name: 'Cash', type: 'Bank', nmae: 'typo' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details).toEqual([{ field: 'nmae', message: 'unknown field' }]);
    expect(await rows()).toBe(0);
  });

  it('bounds string lengths by field', async () => {
    const response = await post(JSON.stringify({ name: 'x'.repeat(256), type: 'Bank' }));
    expect(response.statusCode).toBe(400);
    expect(response.json().details[0].field).toBe('name');
    expect(await rows()).toBe(0);
  });

  it.each([
    ['a NUL character in a text field', { name: 'Ca\u0000sh', type: 'Bank' }, 'name'],
    ['a NUL character in a field mapping', { name: 'Cash', type: 'Bank', field_mappings: { mapped: 'a\u0000b' } }, 'field_mappings.mapped'],
    ['an unpaired surrogate', { name: 'Cash', type: 'Bank', description: 'broken \ud800 text' }, 'description'],
  ])('refuses %s with 400 naming the field', async (_what, body, field) => {
    const response = await post(JSON.stringify(body));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: 'invalid_request',
      details: [{ field, message: expect.stringMatching(/NUL character .* unpaired UTF-16 surrogate/) }],
    });
    expect(await rows()).toBe(0);
  });

  it('refuses JSON nested deeper than 32 levels, however deep', async () => {
    for (const depth of [40, 100_000]) {
      const response = await post(`{"name":"Cash","type":"Bank","field_mappings":{"mapped":${'['.repeat(depth)}${']'.repeat(depth)}}}`);
      expect(response.statusCode, `depth ${depth}`).toBe(400);
      expect(response.json().details[0]).toMatchObject({ message: 'nested deeper than 32 levels' });
      expect(response.json().details[0].field).toMatch(/^field_mappings\.mapped(\.0)+$/);
    }
    const shallow = await post(JSON.stringify({ name: 'Cash', type: 'Bank', field_mappings: { mapped: [[['fine']]] } }));
    expect(shallow.statusCode).toBe(201);
    expect(await rows()).toBe(1);
  });
});
