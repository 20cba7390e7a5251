import { readFileSync } from 'node:fs';
import { createFakeProviders } from '@ledgersync/fake-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildAppForDocument, renderOpenApiYaml } from './offline.js';

// biome-ignore lint/suspicious/noExplicitAny: a parsed JSON document, read field by field.
type Json = Record<string, any>;

const COMMITTED_COPY = new URL('../../../../openapi.yaml', import.meta.url);
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** The API of README.md's table, less `/healthz` (an operator's probe, not part of the API). */
const API_OPERATIONS = [
  'POST /accounting/accounts',
  'GET /accounting/accounts',
  'GET /accounting/accounts/{id}',
  'POST /accounting/accounts/{id}/retry',
  'GET /accounting/accounts/meta',
  'GET /accounting/companyinfos',
  'GET /accounting/companyinfos/{id}',
  'GET /accounting/taxrates',
  'GET /accounting/taxrates/{id}',
  'GET /accounting/trackingcategories',
  'GET /accounting/trackingcategories/{id}',
  'GET /connection/field_mappings',
  'PUT /connection/field_mappings/{slug}',
  'DELETE /connection/field_mappings/{slug}',
  'GET /events',
  'GET /events/{id}',
  'POST /events/{id}/replay',
  'POST /webhooks',
  'GET /webhooks',
  'PUT /webhooks/{id}',
  'DELETE /webhooks/{id}',
  'POST /webhooks/{id}/rotate_secret',
  'POST /sync/resync',
  'GET /sync/status/{vertical}',
  'POST /sync/pull_frequencies',
  'GET /sync/pull_frequencies',
];

let app: Awaited<ReturnType<typeof buildAppForDocument>>;
let document: Json;

function operations(): [string, Json][] {
  return Object.entries(document.paths as Json).flatMap(([path, item]) =>
    Object.entries(item as Json)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => [`${method.toUpperCase()} ${path}`, operation as Json] as [string, Json]),
  );
}

const headerParameters = (operation: Json): Json[] => ((operation.parameters ?? []) as Json[]).filter((parameter) => parameter.in === 'header');

beforeAll(async () => {
  app = await buildAppForDocument();
  const response = await app.inject({ method: 'GET', url: '/openapi.json' });
  expect(response.statusCode).toBe(200);
  document = response.json();
});

afterAll(async () => {
  await app.close();
});

describe('GET /openapi.json', () => {
  it('serves the OpenAPI 3.1 document, and the same as YAML at /openapi.yaml', async () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toMatchObject({ title: 'ledgersync', version: expect.any(String) });

    const yaml = await app.inject({ method: 'GET', url: '/openapi.yaml' });
    expect(yaml.statusCode).toBe(200);
    expect(yaml.headers['content-type']).toMatch(/^application\/yaml/);
    expect(parse(yaml.body)).toEqual(document);
  });

  it('documents every operation of the API, and nothing else (docs, probes)', () => {
    expect(
      operations()
        .map(([name]) => name)
        .sort(),
    ).toEqual([...API_OPERATIONS].sort());
  });

  it("leaves out the sandbox's provider fakes when they are served", async () => {
    const withSandbox = await buildAppForDocument({ sandbox: createFakeProviders({ secret: 'document-test' }) });
    try {
      expect(withSandbox.hasRoute({ method: 'GET', url: '/sandbox/quickbooks/v3/company/:realmId/query' })).toBe(true);
      expect((await withSandbox.inject({ method: 'GET', url: '/openapi.json' })).json()).toEqual(document);
    } finally {
      await withSandbox.close();
    }
  });

  it('gives every operation an id, a summary, a tag and its security', () => {
    const declaredTags = (document.tags as Json[]).map((tag) => tag.name);
    for (const [name, operation] of operations()) {
      expect(operation.operationId, name).toMatch(/^[A-Za-z]+$/);
      expect(operation.summary, name).toEqual(expect.any(String));
      expect(operation.tags, name).toHaveLength(1);
      expect(declaredTags, name).toContain(operation.tags[0]);
      const path = name.split(' ')[1] ?? '';
      const scoped = path.startsWith('/accounting/') || path.startsWith('/connection/') || path === '/sync/resync' || path.startsWith('/sync/status/');
      // The connection token is Panora's required header parameter; a security scheme as well would ask for it twice.
      expect(operation.security ?? document.security, name).toEqual([{ api_key: [] }]);
      const token = headerParameters(operation).find((parameter) => parameter.name === 'x-connection-token');
      expect(token?.required ?? false, name).toBe(scoped);
    }
  });

  it('names the server it is served from, so a docs UI sends its example requests there', () => {
    expect(document.servers).toEqual([{ url: '/', description: expect.any(String) }]);
  });

  it('asks for each header once, as a parameter or through a security scheme', () => {
    const schemes = document.components.securitySchemes as Record<string, Json>;
    for (const [name, operation] of operations()) {
      const fromSecurity = ((operation.security ?? document.security) as Json[]).flatMap((requirement) =>
        Object.keys(requirement).map((scheme) => schemes[scheme]?.name as string),
      );
      const headers = [...fromSecurity, ...headerParameters(operation).map((parameter) => parameter.name as string)].map((h) => h.toLowerCase());
      expect(headers, name).toEqual([...new Set(headers)]);
    }
  });

  it('gives the create an example body with a value in every field the docs UI fills', () => {
    const create = document.paths['/accounting/accounts'].post;
    const example = create.requestBody.content['application/json'].example as Json;
    expect(example).toMatchObject({ currency: 'USD', company_info_id: expect.stringMatching(/.+/) });
    expect(Object.values(example)).not.toContain('');
    // A UI building the body from the schema instead takes each property's first example.
    const properties = document.components.schemas.UnifiedAccountingAccountInput.properties as Record<string, Json>;
    for (const [field, schema] of Object.entries(properties)) expect(schema.examples?.[0], field).toBeTruthy();
  });

  it('documents each success answer and every error answer, errors in the one Error body', () => {
    for (const [name, operation] of operations()) {
      const responses = operation.responses as Record<string, Json>;
      const statuses = Object.keys(responses);
      expect(
        statuses.filter((status) => status.startsWith('2')),
        name,
      ).toHaveLength(1);
      // Any route can fail on a bug or on Postgres; every one of these needs the API key, limited per key.
      expect(statuses, name).toEqual(expect.arrayContaining(['401', '429', '500', '503']));
      if (operation.requestBody) expect(statuses, name).toEqual(expect.arrayContaining(['400', '413', '415']));
      if (headerParameters(operation).some((parameter) => parameter.name === 'x-connection-token')) expect(statuses, name).toContain('400');
      for (const [status, response] of Object.entries(responses)) {
        expect(response.description, `${name} ${status}`).not.toMatch(/^(Default Response)?$/);
        if (Number(status) >= 400) {
          expect(response.content, `${name} ${status}`).toEqual({ 'application/json': { schema: { $ref: '#/components/schemas/Error' } } });
        }
      }
    }
  });
});

describe('the committed openapi.yaml', () => {
  it('is the document the routes describe now', async () => {
    const committed = readFileSync(COMMITTED_COPY, 'utf8');
    expect(committed, 'openapi.yaml is out of date: run `pnpm openapi` and commit it').toBe(await renderOpenApiYaml());
  });
});

describe('GET /docs', () => {
  it('serves the docs UI, reading /openapi.json, with its script from this server', async () => {
    const bare = await app.inject({ method: 'GET', url: '/docs' });
    expect(bare.statusCode).toBe(301);
    expect(bare.headers.location).toBe('/docs/');

    const page = await app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('/openapi.json');
    const script = /<script[^>]+src="([^"]+)"/.exec(page.body)?.[1];
    expect(script).toBe('js/scalar.js');

    const bundle = await app.inject({ method: 'GET', url: `/docs/${script}` });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.headers['content-type']).toMatch(/^application\/javascript/);
  });
});
