import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parse } from 'yaml';

/**
 * The package's copy of Xero's official Accounting OpenAPI document (see `spec/README.md`), read at
 * run time. The same relative path works from `src/xero/` (tests, tsx) and `dist/xero/` (build).
 */
export const XERO_SPEC_PATH = fileURLToPath(new URL('../../spec/xero_accounting.yaml', import.meta.url));

type JsonSchema = Record<string, unknown>;

/** The `createAccount` request body schema, compiled. */
export interface CreateAccountSpec {
  /** The request body schema as JSON Schema, `$ref`s resolved (each resolved node titled with its component name). */
  schema: JsonSchema;
  validate: ValidateFunction;
}

// JSON Schema keywords OpenAPI 3.0 shares with it; the rest (example, x-*, externalDocs, default
// values of the wrong type) is documentation, dropped so Ajv's strict mode has nothing to reject.
const KEPT = new Set([
  'type',
  'properties',
  'items',
  'enum',
  'maxLength',
  'minLength',
  'pattern',
  'minimum',
  'maximum',
  'required',
  'additionalProperties',
  'description',
  'title',
  'readOnly',
  'format',
  'allOf',
  'oneOf',
  'anyOf',
  'maxItems',
  'minItems',
]);

const FORMATS: Record<string, RegExp | ((value: string) => boolean)> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': (value) => !Number.isNaN(Date.parse(value)),
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function at(root: unknown, path: string[]): unknown {
  let node = root;
  for (const key of path) {
    if (!isRecord(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** Converts an OpenAPI 3.0 schema object to JSON Schema, inlining `#/components/schemas/*` references. */
function convert(node: unknown, doc: unknown, resolving: readonly string[]): JsonSchema {
  if (!isRecord(node)) throw new Error('xero spec: a schema is not an object');
  const out: JsonSchema = {};
  const ref = node.$ref;
  if (typeof ref === 'string') {
    const name = /^#\/components\/schemas\/([^/]+)$/.exec(ref)?.[1];
    if (name === undefined) throw new Error(`xero spec: unsupported $ref ${ref}`);
    if (resolving.includes(name)) throw new Error(`xero spec: recursive $ref ${ref}`);
    Object.assign(out, { title: name }, convert(at(doc, ['components', 'schemas', name]), doc, [...resolving, name]));
  }
  for (const [key, value] of Object.entries(node)) {
    if (!KEPT.has(key)) continue;
    if (key === 'properties' && isRecord(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, convert(child, doc, resolving)]));
    } else if (key === 'items' || key === 'additionalProperties') {
      out[key] = typeof value === 'boolean' ? value : convert(value, doc, resolving);
    } else if (key === 'allOf' || key === 'oneOf' || key === 'anyOf') {
      out[key] = (value as unknown[]).map((child) => convert(child, doc, resolving));
    } else if (key === 'format') {
      if (typeof value === 'string' && value in FORMATS) out.format = value;
    } else {
      out[key] = value;
    }
  }
  if (node.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

/** Compiles the `createAccount` request body schema of an OpenAPI document's text. */
export function compileCreateAccountSpec(yamlText: string): CreateAccountSpec {
  const doc: unknown = parse(yamlText);
  const operation = at(doc, ['paths', '/Accounts', 'put']);
  if (!isRecord(operation) || operation.operationId !== 'createAccount') throw new Error('xero spec: PUT /Accounts is not createAccount');
  const bodySchema = at(operation, ['requestBody', 'content', 'application/json', 'schema']);
  const schema = convert(bodySchema, doc, []);
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, logger: false });
  for (const [name, format] of Object.entries(FORMATS)) ajv.addFormat(name, format);
  return { schema, validate: ajv.compile(schema) };
}

let compiled: CreateAccountSpec | undefined;

/**
 * The compiled `createAccount` body schema of the package's spec copy. Parsing the ~1 MB document
 * takes most of a second, so it happens once per process, on the first Xero create.
 */
export function createAccountSpec(): CreateAccountSpec {
  compiled ??= compileCreateAccountSpec(readFileSync(XERO_SPEC_PATH, 'utf8'));
  return compiled;
}

export type { ErrorObject };
