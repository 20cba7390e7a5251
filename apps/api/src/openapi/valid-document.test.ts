import type { AccountRow } from '@ledgersync/db';
import { toAccountOutput } from '@ledgersync/db';
import { EXAMPLE_COMPANY_INFO_ID, exampleAccountBody, stringifyJsonExact } from '@ledgersync/unified';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppForDocument } from './offline.js';

// biome-ignore lint/suspicious/noExplicitAny: a parsed JSON document, read field by field.
type Json = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];
const schemaOrBoolean = { type: ['object', 'boolean'] };
const extensions = { '^x-': true };

/**
 * The shape OpenAPI 3.1.0 requires of a document (spec.openapis.org/oas/v3.1.0, "Schema"), written
 * for the parts this API uses: an unknown or misplaced field fails, as does a missing required one.
 */
const OPENAPI_3_1_DOCUMENT = {
  type: 'object',
  required: ['openapi', 'info'],
  anyOf: [{ required: ['paths'] }, { required: ['components'] }, { required: ['webhooks'] }],
  properties: {
    openapi: { type: 'string', pattern: '^3\\.1\\.\\d+$' },
    info: {
      type: 'object',
      required: ['title', 'version'],
      properties: { title: { type: 'string' }, version: { type: 'string' }, description: { type: 'string' }, summary: { type: 'string' } },
      patternProperties: extensions,
      additionalProperties: false,
    },
    servers: { type: 'array', items: { type: 'object', required: ['url'] } },
    paths: { type: 'object', propertyNames: { pattern: '^/' }, additionalProperties: { $ref: '#/$defs/pathItem' } },
    components: {
      type: 'object',
      properties: {
        schemas: { type: 'object', additionalProperties: schemaOrBoolean },
        securitySchemes: { type: 'object', additionalProperties: { $ref: '#/$defs/securityScheme' } },
      },
      patternProperties: extensions,
      additionalProperties: false,
    },
    security: { type: 'array', items: { $ref: '#/$defs/securityRequirement' } },
    tags: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string' }, description: { type: 'string' } },
        additionalProperties: false,
      },
    },
  },
  patternProperties: extensions,
  additionalProperties: false,
  $defs: {
    pathItem: {
      type: 'object',
      properties: {
        summary: { type: 'string' },
        description: { type: 'string' },
        parameters: { type: 'array', items: { $ref: '#/$defs/parameter' } },
        ...Object.fromEntries(METHODS.map((method) => [method, { $ref: '#/$defs/operation' }])),
      },
      patternProperties: extensions,
      additionalProperties: false,
    },
    operation: {
      type: 'object',
      properties: {
        operationId: { type: 'string' },
        summary: { type: 'string' },
        description: { type: 'string' },
        tags: { type: 'array', items: { type: 'string' } },
        parameters: { type: 'array', items: { $ref: '#/$defs/parameter' } },
        requestBody: {
          type: 'object',
          required: ['content'],
          properties: { description: { type: 'string' }, required: { type: 'boolean' }, content: { $ref: '#/$defs/content' } },
          additionalProperties: false,
        },
        responses: {
          type: 'object',
          minProperties: 1,
          propertyNames: { pattern: '^([1-5](\\d\\d|XX)|default)$' },
          additionalProperties: { $ref: '#/$defs/response' },
        },
        security: { type: 'array', items: { $ref: '#/$defs/securityRequirement' } },
        deprecated: { type: 'boolean' },
      },
      patternProperties: extensions,
      additionalProperties: false,
    },
    parameter: {
      type: 'object',
      required: ['name', 'in', 'schema'],
      properties: {
        name: { type: 'string' },
        in: { enum: ['query', 'header', 'path', 'cookie'] },
        description: { type: 'string' },
        required: { type: 'boolean' },
        deprecated: { type: 'boolean' },
        schema: schemaOrBoolean,
        example: true,
        examples: { type: 'object' },
      },
      // "If the parameter location is "path", this property is REQUIRED and its value MUST be true."
      if: { properties: { in: { const: 'path' } } },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, not a promise.
      then: { required: ['required'], properties: { required: { const: true } } },
      patternProperties: extensions,
      additionalProperties: false,
    },
    content: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: { schema: schemaOrBoolean, example: true, examples: { type: 'object' } },
        additionalProperties: false,
      },
    },
    response: {
      type: 'object',
      required: ['description'],
      properties: { description: { type: 'string' }, content: { $ref: '#/$defs/content' }, headers: { type: 'object' } },
      patternProperties: extensions,
      additionalProperties: false,
    },
    securityScheme: {
      type: 'object',
      required: ['type'],
      properties: {
        type: { enum: ['apiKey', 'http', 'mutualTLS', 'oauth2', 'openIdConnect'] },
        description: { type: 'string' },
        name: { type: 'string' },
        in: { enum: ['query', 'header', 'cookie'] },
        scheme: { type: 'string' },
      },
      if: { properties: { type: { const: 'apiKey' } } },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, not a promise.
      then: { required: ['name', 'in'] },
    },
    securityRequirement: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
  },
};

let app: Awaited<ReturnType<typeof buildAppForDocument>>;
let document: Json;

beforeAll(async () => {
  app = await buildAppForDocument();
  document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
});

afterAll(async () => {
  await app.close();
});

const newAjv = () => new Ajv2020({ strict: false, validateFormats: false, allErrors: true });

/** A validator for a schema of the document, its `#/components/schemas/...` references resolved. */
function validatorFor(schema: Json) {
  return newAjv().compile({ ...schema, components: document.components });
}

function operations(): { name: string; path: string; operation: Json }[] {
  return Object.entries(document.paths as Json).flatMap(([path, item]) =>
    Object.entries(item as Json)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, path, operation: operation as Json })),
  );
}

/** Every schema the document holds: components, parameters, bodies, answers. */
function everySchema(): [string, Json][] {
  const schemas: [string, Json][] = Object.entries(document.components.schemas as Json).map(([name, schema]) => [name, schema]);
  for (const { name, operation } of operations()) {
    for (const parameter of operation.parameters ?? []) schemas.push([`${name} ${parameter.name}`, parameter.schema]);
    if (operation.requestBody) schemas.push([`${name} body`, operation.requestBody.content['application/json'].schema]);
    for (const [status, response] of Object.entries(operation.responses as Json)) {
      if (response.content) schemas.push([`${name} ${status}`, response.content['application/json'].schema]);
    }
  }
  return schemas;
}

describe('the OpenAPI document', () => {
  it('has the structure OpenAPI 3.1 requires', () => {
    const validate = newAjv().compile(OPENAPI_3_1_DOCUMENT);
    expect(validate(document), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('holds only valid JSON Schema 2020-12 (the dialect of OpenAPI 3.1), every reference resolving', () => {
    const ajv = newAjv();
    for (const [where, schema] of everySchema()) {
      expect(ajv.validateSchema(schema), `${where}: ${ajv.errorsText()}`).toBe(true);
      expect(() => validatorFor(schema), where).not.toThrow();
    }
  });

  it('references only what it declares: schemas, security schemes, path parameters; operation ids are unique', () => {
    const references = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const reference of references) {
      const name = /^"\$ref":"#\/components\/schemas\/([^"]+)"$/.exec(reference)?.[1];
      expect(name && document.components.schemas[name], reference).toBeTruthy();
    }

    const ids = operations().map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);

    const schemes = Object.keys(document.components.securitySchemes);
    for (const { name, path, operation } of operations()) {
      for (const requirement of operation.security ?? document.security)
        expect(schemes, name).toEqual(expect.arrayContaining(Object.keys(requirement)));
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]).sort();
      const declared = (operation.parameters ?? [])
        .filter((p: Json) => p.in === 'path')
        .map((p: Json) => p.name)
        .sort();
      expect(declared, name).toEqual(templated);
    }
  });
});

describe("the document's schemas match what the API sends and takes", () => {
  const errorAnswer = (body: unknown) => {
    const validate = validatorFor({ $ref: '#/components/schemas/Error' });
    return validate(body) ? 'valid' : JSON.stringify(validate.errors);
  };

  it("every kind of error answer is the document's Error", async () => {
    const answers = await Promise.all([
      app.inject({ method: 'GET', url: '/accounting/accounts' }),
      // The body is checked before the API key: a 400 naming each field.
      app.inject({ method: 'POST', url: '/accounting/accounts', payload: { name: 7, colour: 'red' } }),
      app.inject({ method: 'POST', url: '/webhooks', headers: { 'content-type': 'text/plain' }, payload: 'hello' }),
      app.inject({ method: 'POST', url: '/webhooks', headers: { 'content-type': 'application/json' }, payload: '{"url":' }),
      app.inject({ method: 'POST', url: '/webhooks', payload: { url: 'x'.repeat(2 * 1024 * 1024) } }),
      app.inject({ method: 'GET', url: '/nowhere' }),
    ]);
    expect(answers.map((answer) => answer.statusCode)).toEqual([401, 400, 415, 400, 413, 404]);
    expect(answers[1]?.json().details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'colour' })]));
    for (const answer of answers) expect(errorAnswer(answer.json()), answer.body).toBe('valid');
  });

  it('an account as the API answers it is an UnifiedAccountingAccountOutput; a field too many is not', () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    const row = {
      id: '0199a3c4-5b6e-7f80-9a1b-2c3d4e5f6a7b',
      name: 'Cash',
      description: null,
      classification: 'Asset',
      type: 'Current Asset',
      status: 'Active',
      currentBalance: '99999999999999.99',
      currency: 'USD',
      accountNumber: '1000',
      parentAccountId: null,
      companyInfoId: null,
      fieldMappings: { cost_center: 'CC-42' },
      remoteId: '1',
      remoteData: { Account: { Id: '1', Name: 'Cash' } },
      createdAt: at,
      modifiedAt: at,
      syncStatus: 'failed',
      syncAttempts: 3,
      lastError: { code: 'provider_rejected', message: 'Duplicate Name', provider_code: '6240' },
      lastAttemptAt: at,
      syncedAt: null,
      warnings: [{ field: 'description', code: 'not_sent', message: 'QuickBooks has no place for it' }],
    } as unknown as AccountRow;
    const validate = validatorFor({ $ref: '#/components/schemas/UnifiedAccountingAccountOutput' });
    for (const includeRemoteData of [true, false]) {
      // As sent: the exact serializer writes the balance as a bare JSON number.
      const account = JSON.parse(stringifyJsonExact(toAccountOutput(row, includeRemoteData)));
      expect(validate(account), JSON.stringify(validate.errors)).toBe(true);
    }
    expect(validate({ ...JSON.parse(stringifyJsonExact(toAccountOutput(row, false))), colour: 'red' })).toBe(false);
  });

  it("Panora's example body is an UnifiedAccountingAccountInput; an unknown field is not, as the API refuses it", () => {
    const validate = validatorFor({ $ref: '#/components/schemas/UnifiedAccountingAccountInput' });
    // Verbatim: Panora's example names the same id as parent and company.
    const seed = exampleAccountBody(EXAMPLE_COMPANY_INFO_ID);
    expect(validate(seed), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...seed, colour: 'red' })).toBe(false);
    expect(validate({ ...seed, currency: 'dollars' })).toBe(false);
  });
});
