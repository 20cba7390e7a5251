import { accounts } from '@ledgersync/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';

// biome-ignore lint/suspicious/noExplicitAny: a parsed JSON document, read field by field.
type Json = Record<string, any>;

// The request a docs UI (/docs) builds from /openapi.json, sent as it sends it: the finding was
// that it could not run (no server, the token header twice, `currency: ""`).
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: false });
});
afterAll(async () => {
  await h?.close();
});

describe('the /docs example request', () => {
  it("creates Panora's example account when sent as the document describes it", async () => {
    const t = await h.tenant();
    const document = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json() as Json;
    const create = document.paths['/accounting/accounts'].post as Json;

    // The server URL, resolved against where the document was read, as OpenAPI says.
    const documentUrl = 'http://api.example.test/openapi.json';
    const server = new URL(document.servers[0].url, documentUrl);
    const url = new URL('accounting/accounts', server.href.endsWith('/') ? server : `${server.href}/`);
    expect(url.origin).toBe(new URL(documentUrl).origin);

    // A value for every required header parameter and every security scheme the operation lists.
    const values: Record<string, string> = { 'x-connection-token': t.connectionToken, 'x-api-key': t.apiKey };
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const header = (name: string) => {
      const lower = name.toLowerCase();
      expect(headers, `${lower} is asked for twice`).not.toHaveProperty(lower);
      headers[lower] = values[lower] ?? '';
    };
    for (const parameter of (create.parameters ?? []) as Json[]) if (parameter.in === 'header' && parameter.required) header(parameter.name);
    for (const requirement of (create.security ?? document.security) as Json[]) {
      for (const scheme of Object.keys(requirement)) header(document.components.securitySchemes[scheme].name);
    }
    const body = create.requestBody.content['application/json'].example;

    const response = await h.app.inject({ method: 'POST', url: url.pathname, headers, payload: JSON.stringify(body) });
    expect(response.statusCode, response.body).toBe(201);
    const [row] = await h.db.select().from(accounts).where(eq(accounts.id, response.json().id));
    expect(row).toMatchObject({ name: body.name, currency: 'USD', companyInfoId: body.company_info_id });
  });
});
