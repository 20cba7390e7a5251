import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildAppForDocument } from './offline.js';

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON documents, read field by field.
type Json = Record<string, any>;

/**
 * The accounts part of Panora's document, kept in the repository (reference/README.md says where
 * it comes from), or a whole Panora document PANORA_OPENAPI points to.
 */
const PANORA_DOCUMENT = process.env.PANORA_OPENAPI ?? fileURLToPath(new URL('./reference/panora-accounts.yaml', import.meta.url));

/** The contract: these operations and schemas of Panora's, under the same names. */
const OPERATIONS = [
  ['get', '/accounting/accounts'],
  ['post', '/accounting/accounts'],
  ['get', '/accounting/accounts/{id}'],
] as const;
const INPUT = 'UnifiedAccountingAccountInput';
const OUTPUT = 'UnifiedAccountingAccountOutput';
const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];

let ours: Json;
let panora: Json;

beforeAll(async () => {
  expect(existsSync(PANORA_DOCUMENT), `Panora's OpenAPI document is not at ${PANORA_DOCUMENT} (set PANORA_OPENAPI)`).toBe(true);
  panora = parse(readFileSync(PANORA_DOCUMENT, 'utf8'));
  const app = await buildAppForDocument();
  ours = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  await app.close();
});

function resolve(document: Json, schema: Json): Json {
  let current = schema;
  while (typeof current.$ref === 'string') current = document.components.schemas[current.$ref.replace('#/components/schemas/', '')];
  return current;
}

/** The JSON types a schema admits, reading OpenAPI 3.0's `nullable` (Panora) and 3.1's type lists (ours). */
function typesOf(document: Json, schema: Json): Set<string> {
  const resolved = resolve(document, schema);
  const branches = resolved.anyOf ?? resolved.oneOf;
  if (branches) return new Set((branches as Json[]).flatMap((branch) => [...typesOf(document, branch)]));
  const types = new Set<string>(resolved.type === undefined ? JSON_TYPES : [resolved.type].flat());
  if (resolved.nullable === true) types.add('null');
  return types;
}

/**
 * Whether a schema of these types takes a value of `type`. Panora says `number` where ours says
 * `integer` (page sizes): the values Panora documents are checked against ours as well.
 */
const admits = (types: Set<string>, type: string) => types.has(type) || (type === 'number' && types.has('integer'));
/** Whether a value of `type` is one a schema of these types allows (an integer is a number). */
const allows = (types: Set<string>, type: string) => types.has(type) || (type === 'integer' && types.has('number'));

const ajv = new Ajv2020({ strict: false, validateFormats: false });
function accepts(schema: Json, value: unknown): boolean {
  return ajv.compile({ ...schema, components: ours.components })(value);
}

function operation(document: Json, method: string, path: string): Json {
  const found = document.paths?.[path]?.[method];
  expect(found, `${method.toUpperCase()} ${path}`).toBeDefined();
  return found;
}

describe("ledgersync's accounts operations are Panora's", () => {
  it.each(OPERATIONS)('%s %s: same operation id, same 2xx status', (method, path) => {
    const theirs = operation(panora, method, path);
    const mine = operation(ours, method, path);
    expect(mine.operationId).toBe(theirs.operationId);
    const success = (responses: Json) => Object.keys(responses).filter((status) => status.startsWith('2'));
    expect(success(mine.responses)).toEqual(success(theirs.responses));
  });

  it.each(OPERATIONS)('%s %s: takes every parameter Panora sends, no more required', (method, path) => {
    const theirs = operation(panora, method, path);
    const mine = operation(ours, method, path);
    for (const parameter of theirs.parameters as Json[]) {
      const where = `${parameter.in} ${parameter.name}`;
      const match = (mine.parameters as Json[]).find((p) => p.in === parameter.in && p.name.toLowerCase() === parameter.name.toLowerCase());
      expect(match, where).toBeDefined();
      expect(match?.required ?? false, where).toBe(parameter.required ?? false);
      const types = typesOf(ours, match?.schema);
      for (const type of typesOf(panora, parameter.schema)) expect(admits(types, type), `${where}: ${type}`).toBe(true);
      for (const value of [parameter.example, parameter.schema.default].filter((v) => v !== undefined)) {
        expect(accepts(match?.schema, value), `${where} = ${JSON.stringify(value)}`).toBe(true);
      }
    }
    const extraRequired = (mine.parameters as Json[]).filter(
      (p) => p.required && !(theirs.parameters as Json[]).some((q) => q.in === p.in && q.name.toLowerCase() === p.name.toLowerCase()),
    );
    expect(extraRequired).toEqual([]);
  });

  it("takes Panora's UnifiedAccountingAccountInput body and answers UnifiedAccountingAccountOutput, by those names", () => {
    const create = operation(ours, 'post', '/accounting/accounts');
    expect(create.requestBody.required).toBe(true);
    expect(create.requestBody.content['application/json'].schema).toEqual({ $ref: `#/components/schemas/${INPUT}` });
    expect(create.responses['201'].content['application/json'].schema).toEqual({ $ref: `#/components/schemas/${OUTPUT}` });
    expect(operation(ours, 'get', '/accounting/accounts/{id}').responses['200'].content['application/json'].schema).toEqual({
      $ref: `#/components/schemas/${OUTPUT}`,
    });
  });

  it("answers the list as Panora's cursor page of UnifiedAccountingAccountOutput", () => {
    const page = resolve(ours, operation(ours, 'get', '/accounting/accounts').responses['200'].content['application/json'].schema);
    const paginated = panora.components.schemas.PaginatedDto;
    for (const field of paginated.required as string[]) {
      expect(page.required, field).toContain(field);
      const types = typesOf(panora, paginated.properties[field]);
      for (const type of typesOf(ours, page.properties[field])) expect(allows(types, type), `${field}: ${type}`).toBe(true);
    }
    expect(page.properties.data.items).toEqual({ $ref: `#/components/schemas/${OUTPUT}` });
  });

  it("authenticates with Panora's x-api-key header", () => {
    const key = panora.components.securitySchemes[Object.keys(panora.security[0])[0] as string];
    expect(Object.values(ours.components.securitySchemes)).toContainEqual(
      expect.objectContaining({ type: key.type, in: key.in, name: key.name }),
    );
    expect(ours.security).toEqual(panora.security);
  });
});

describe(`${INPUT} and ${OUTPUT} are Panora's`, () => {
  it(`${INPUT}: every Panora field is accepted, with Panora's type, null and example; none is required`, () => {
    const theirs = panora.components.schemas[INPUT];
    const mine = ours.components.schemas[INPUT];
    expect(mine.required ?? []).toEqual([]);
    for (const [field, schema] of Object.entries(theirs.properties as Json)) {
      expect(mine.properties[field], field).toBeDefined();
      const types = typesOf(ours, mine.properties[field]);
      for (const type of typesOf(panora, schema)) expect(admits(types, type), `${field}: ${type}`).toBe(true);
      if (schema.example !== undefined) expect(accepts(mine.properties[field], schema.example), `${field} example`).toBe(true);
    }
  });

  it(`${OUTPUT}: every Panora field is always present, of a type Panora allows`, () => {
    const theirs = panora.components.schemas[OUTPUT];
    const mine = ours.components.schemas[OUTPUT];
    for (const [field, schema] of Object.entries(theirs.properties as Json)) {
      expect(mine.required, field).toContain(field);
      const allowed = typesOf(panora, schema);
      for (const type of typesOf(ours, mine.properties[field])) expect(allows(allowed, type), `${field}: ${type}`).toBe(true);
    }
  });
});
