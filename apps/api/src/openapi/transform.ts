import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { RecordRoutes } from '../routes/records/index.js';
import { API_KEY_SECURITY } from './document.js';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const COMPONENT = '#/components/schemas/';
const OPERATIONS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * Only tagged routes are the public API. The sandbox's provider fakes, the job dashboard, metrics
 * and the docs themselves carry no tags and stay out (their schemas, if any, are not zod's).
 */
export const documentRoute: SwaggerTransform = (route) => {
  if (!route.schema?.tags?.length) return { schema: { hide: true }, url: route.url };
  // A prefix's own route is registered as `/prefix/`; Fastify serves it at `/prefix` too, as Panora names it.
  const url = route.url.length > 1 ? route.url.replace(/\/$/, '') : route.url;
  return jsonSchemaTransform({ ...route, url });
};

/** Panora's header parameter, on every operation that needs the connection token. */
const CONNECTION_TOKEN_PARAMETER = {
  name: 'x-connection-token',
  in: 'header',
  required: true,
  description: "The connection token: which customer's provider the request is about.",
  schema: { type: 'string' },
};

/** What the intake reads itself, not through a zod `headers` schema (which would replace `request.headers` with its own output). */
const IDEMPOTENCY_KEY_PARAMETER = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes the create safe to send again (kept 24 h, per project): the same key with the same request replays the first answer (`Idempotent-Replayed: true`).',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
};

/** What each object served adds to its operations: by operation id, the headers its handlers read and the example body a docs UI sends. */
interface OperationExtras {
  headers: Record<string, Json[]>;
  examples: Record<string, unknown>;
  inputExamples: { component: string; examples: Record<string, readonly unknown[]> }[];
}

function extrasOf(objects: readonly RecordRoutes[]): OperationExtras {
  const extras: OperationExtras = { headers: {}, examples: {}, inputExamples: [] };
  for (const { push } of objects) {
    const create = push?.docs.create.operationId;
    if (!push || !create) continue;
    extras.headers[create] = [IDEMPOTENCY_KEY_PARAMETER];
    extras.examples[create] = push.docs.requestExample;
    if (push.docs.inputExamples) extras.inputExamples.push(push.docs.inputExamples);
  }
  return extras;
}

/**
 * Finishes the document: the header parameters, the component schemas zod's registry produced
 * named as the routes use them, and zod's integer bounds (the safe-integer range) left out.
 */
export function finishDocument(objects: readonly RecordRoutes[]): SwaggerTransformObject {
  const extras = extrasOf(objects);
  return (input) => {
    const document = jsonSchemaTransformObject(input) as Json;
    addHeaderParameters(document, extras);
    const tidy = tidyComponents(document);
    restoreInputExamples(tidy, extras);
    withoutConnectionTokenScheme(tidy);
    return withoutSafeIntegerBounds(tidy) as Json;
  };
}

function addHeaderParameters(document: Json, extras: OperationExtras): void {
  for (const pathItem of Object.values((document.paths ?? {}) as Json)) {
    if (!isObject(pathItem)) continue;
    for (const method of OPERATIONS) {
      const operation = pathItem[method];
      if (!isObject(operation)) continue;
      const security = Array.isArray(operation.security) ? operation.security : [];
      const scoped = security.some((requirement) => isObject(requirement) && 'connection_token' in requirement);
      if (scoped) operation.security = API_KEY_SECURITY;
      const headers = [...(scoped ? [CONNECTION_TOKEN_PARAMETER] : []), ...(extras.headers[String(operation.operationId)] ?? [])];
      if (headers.length > 0) operation.parameters = [...headers, ...((operation.parameters as unknown[] | undefined) ?? [])];
      const example = extras.examples[String(operation.operationId)];
      const media = isObject(operation.requestBody) && isObject(operation.requestBody.content) ? operation.requestBody.content['application/json'] : undefined;
      if (example !== undefined && isObject(media)) media.example = example;
    }
  }
}

/** Every operation now asks for the token as its parameter (addHeaderParameters). */
function withoutConnectionTokenScheme(document: Json): void {
  const components = isObject(document.components) ? document.components : {};
  if (isObject(components.securitySchemes)) delete components.securitySchemes.connection_token;
}

/**
 * zod leaves out the examples of a field it transforms (`currency`, upper-cased) on the input side,
 * and a docs UI then fills the field with `""`: they are put back from the fields' own metadata.
 */
function restoreInputExamples(document: Json, extras: OperationExtras): void {
  const schemas = isObject(document.components) && isObject(document.components.schemas) ? document.components.schemas : {};
  for (const { component, examples: byField } of extras.inputExamples) {
    const input = schemas[component];
    const properties = isObject(input) && isObject(input.properties) ? input.properties : {};
    for (const [field, examples] of Object.entries(byField)) {
      const property = properties[field];
      if (isObject(property) && property.examples === undefined) property.examples = examples;
    }
  }
}

/** `z.number().int()` states ±2^53-1 as bounds: true of every JSON integer a client sends, and noise. */
function withoutSafeIntegerBounds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSafeIntegerBounds);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(
        ([key, child]) =>
          !(key === 'minimum' && child === Number.MIN_SAFE_INTEGER) && !(key === 'maximum' && child === Number.MAX_SAFE_INTEGER),
      )
      .map(([key, child]) => [key, withoutSafeIntegerBounds(child)]),
  );
}

/**
 * fastify-type-provider-zod emits every registered schema twice, `X` (as answered) and `XInput`
 * (as accepted), whether used or not. Keep the ones the paths reach; a schema used only as input
 * takes its registered name (`WebhookDto`, `UnifiedAccountingAccountInput`, as Panora names them).
 * Components are sorted so the committed copy does not change with import order.
 */
function tidyComponents(document: Json): Json {
  const components = isObject(document.components) ? document.components : {};
  const schemas = (isObject(components.schemas) ? components.schemas : {}) as Record<string, unknown>;
  const used = reachable(document.paths, schemas);

  const renames = new Map<string, string>();
  for (const name of used) {
    const registered = name.endsWith('Input') ? name.slice(0, -'Input'.length) : undefined;
    if (registered && registered in schemas && !used.has(registered)) renames.set(name, registered);
  }
  const renamed = renameRefs(document, renames) as Json;
  const kept = Object.fromEntries(
    [...used]
      .map((name) => [renames.get(name) ?? name, renameRefs(schemas[name], renames)] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return { ...renamed, components: { ...(isObject(renamed.components) ? renamed.components : {}), schemas: kept } };
}

/** Component names the paths reference, directly or through other components. */
function reachable(paths: unknown, schemas: Record<string, unknown>): Set<string> {
  const used = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!isObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && child.startsWith(COMPONENT)) {
        const name = child.slice(COMPONENT.length);
        if (!used.has(name)) {
          used.add(name);
          visit(schemas[name]);
        }
      } else {
        visit(child);
      }
    }
  };
  visit(paths);
  return used;
}

function renameRefs(value: unknown, renames: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => renameRefs(item, renames));
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => {
      if (key === '$ref' && typeof child === 'string' && child.startsWith(COMPONENT)) {
        const name = child.slice(COMPONENT.length);
        return [key, `${COMPONENT}${renames.get(name) ?? name}`];
      }
      return [key, renameRefs(child, renames)];
    }),
  );
}
