import { Readable } from 'node:stream';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
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

// What the bytes of a body mean: UTF-8 only, and the content codings the API decodes.
describe('body charset and content coding', () => {
  const json = (body: unknown) => Buffer.from(JSON.stringify(body), 'utf8');
  const storedNames = async () =>
    (await h.db.select({ name: accounts.name }).from(accounts).where(eq(accounts.connectionId, t.connectionId))).map((r) => r.name);
  const send = (payload: Buffer | Readable, extra: Record<string, string>) =>
    h.app.inject({ method: 'POST', url: '/accounting/accounts', headers: { ...headers, ...extra }, payload });

  it('refuses a latin-1 body with 415 saying only UTF-8 is taken, instead of storing U+FFFD', async () => {
    const before = await rows();
    const latin1 = Buffer.from('{"name":"Caf\u00e9 latin","type":"Bank"}', 'latin1');
    for (const charset of ['latin1', 'ISO-8859-1', 'windows-1252', '"utf-16"']) {
      const response = await send(latin1, { 'content-type': `application/json; charset=${charset}` });
      expect(response.statusCode, charset).toBe(415);
      expect(response.json()).toMatchObject({ error: 'unsupported_media_type', message: expect.stringMatching(/UTF-8/) });
    }
    expect(await rows()).toBe(before);
    expect(await storedNames()).not.toContain(expect.stringContaining('\ufffd'));
  });

  it('stores a UTF-8 body (declared or not) as sent, and refuses bytes that are not UTF-8 with 400', async () => {
    for (const [i, contentType] of ['application/json; charset=utf-8', 'application/json; charset="UTF-8"', 'application/json'].entries()) {
      const response = await send(json({ name: `Caf\u00e9 ${i}`, type: 'Bank' }), { 'content-type': contentType });
      expect(response.statusCode, contentType).toBe(201);
    }
    expect(await storedNames()).toEqual(expect.arrayContaining(['Caf\u00e9 0', 'Caf\u00e9 1', 'Caf\u00e9 2']));
    const before = await rows();
    const undeclaredLatin1 = await send(Buffer.from('{"name":"Caf\u00e9 raw","type":"Bank"}', 'latin1'), {});
    expect(undeclaredLatin1.statusCode).toBe(400);
    expect(undeclaredLatin1.json()).toMatchObject({ error: 'invalid_json', message: expect.stringMatching(/UTF-8/) });
    expect(await rows()).toBe(before);
  });

  it.each([
    ['gzip', gzipSync],
    ['x-gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('decodes a %s body and stores the account', async (coding, compress) => {
    const name = `Compressed ${coding} \u00e9`;
    const response = await send(compress(json({ name, type: 'Bank' })), { 'content-encoding': coding });
    expect(response.statusCode).toBe(201);
    expect(response.json().name).toBe(name);
    expect(await storedNames()).toContain(name);
  });

  it('answers 415 to a content coding it does not decode, and 400 to a body that is not what it says', async () => {
    const before = await rows();
    for (const coding of ['compress', 'zstd', 'gzip, br']) {
      const response = await send(json({ name: 'Cash', type: 'Bank' }), { 'content-encoding': coding });
      expect(response.statusCode, coding).toBe(415);
      expect(response.json()).toMatchObject({ error: 'unsupported_content_encoding', message: expect.stringMatching(/gzip, deflate, br/) });
    }
    const notGzip = await send(json({ name: 'Cash', type: 'Bank' }), { 'content-encoding': 'gzip' });
    expect(notGzip.statusCode).toBe(400);
    expect(notGzip.json().error).toBe('invalid_request');
    expect(await rows()).toBe(before);
  });

  it('applies the body limit to the decoded size: a gzip bomb answers 413 while the rest of it is still unsent', async () => {
    const before = await rows();
    // 64 MiB of spaces inside a JSON string: about 64 KB gzipped, sent without a length.
    const bomb = gzipSync(Buffer.concat([Buffer.from('{"name":"Bomb","type":"Bank","description":"'), Buffer.alloc(64 * 1024 ** 2, ' '), Buffer.from('"}')]));
    let answered = () => {};
    const held = new Promise<void>((resolve) => {
      answered = resolve;
    });
    // The first 32 KB (some 32 MiB inflated), then nothing until the API has answered: an API that
    // inflated the whole body before judging its size would never answer, and the test time out.
    const source = Readable.from(
      (async function* chunks() {
        for (let at = 0; at < bomb.length; at += 1024) {
          if (at === 32 * 1024) await held;
          yield bomb.subarray(at, at + 1024);
        }
      })(),
    );
    const response = await send(source, { 'content-encoding': 'gzip' }).finally(answered);
    expect(response.statusCode, response.body).toBe(413);
    expect(response.json()).toMatchObject({ error: 'payload_too_large', message: expect.stringMatching(/once decoded/) });
    expect(await rows()).toBe(before);
  });
});

// An error answer stays small whatever the body that caused it (finding: 10,000 keys, a 2.5 MB 422).
describe('error answers are bounded', () => {
  const manyKeys = (n: number, prefix: string) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}_${i}`, 'x']));

  it('refuses field_mappings with more keys than a connection can map, with a 400 naming the bound', async () => {
    const before = await rows();
    const response = await post(JSON.stringify({ name: 'Cash', type: 'Bank', field_mappings: manyKeys(10_000, 'unmapped') }));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: 'invalid_request',
      details: [{ field: 'field_mappings', message: expect.stringMatching(/at most 50 keys/) }],
    });
    expect(response.body.length).toBeLessThan(2_000);
    expect(await rows()).toBe(before);
  });

  it('keeps the first 20 details of a 422 and counts the rest', async () => {
    const response = await post(JSON.stringify({ name: 'Cash', type: 'Bank', field_mappings: manyKeys(50, 'unmapped') }));
    expect(response.statusCode).toBe(422);
    const body = response.json();
    expect(body.error).toBe('unprocessable_account');
    expect(body.details).toHaveLength(20);
    expect(body.details_total).toBe(50);
    expect(body.message.length).toBeLessThanOrEqual(500);
    expect(response.body.length).toBeLessThan(10_000);
  });

  it('bounds a 400 listing thousands of unknown fields, and the field names it echoes', async () => {
    const response = await post(JSON.stringify({ name: 'Cash', type: 'Bank', ...manyKeys(10_000, 'k'.repeat(40)), ['x'.repeat(50_000)]: 1 }));
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.details).toHaveLength(20);
    expect(body.details_total).toBe(10_001);
    expect(body.message.length).toBeLessThanOrEqual(500);
    expect(response.body.length).toBeLessThan(10_000);
  });
});
