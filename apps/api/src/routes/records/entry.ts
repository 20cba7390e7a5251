import type { ConnectionRef, RecordReads, RecordWrites, StoredRecord } from '@ledgersync/db';
import type { RetryableRecords } from '@ledgersync/operations';
import type { ProviderDescriptor } from '@ledgersync/providers';
import type { ObjectDefinition } from '@ledgersync/unified';
import type { FastifySchema } from 'fastify';

/** A field the connection's provider cannot take, as a 422 names it in `details`. */
export interface RecordIssue {
  field: string;
  code: string;
  message: string;
  accepted?: readonly string[];
}

/** An input checked against the connection's provider: what to store, what stops it, what it will not send. */
export interface RecordCheck<Normalized, Warning> {
  record: Normalized;
  issues: RecordIssue[];
  warnings: Warning[];
}

/** What a route's schema says in the OpenAPI document: tags, operation id, summary, answers. */
export type RouteDocs = Pick<FastifySchema, 'tags' | 'security' | 'operationId' | 'summary' | 'description' | 'response'>;

/** What an object ledgersync pushes adds: the intake, its check, the retry and `/meta`. */
export interface PushRoutes<Row extends StoredRecord = StoredRecord, Input = unknown, Normalized = unknown, Warning = unknown> {
  records: RecordWrites<Row, Normalized, Warning>;
  /**
   * The input against what the connection's provider takes (its capabilities, vocabulary, the
   * connection's field mappings). It may throw an ApiError (a provider this build cannot push to).
   * The records it references (`dependsOn`) are checked by the intake itself.
   */
  check(connection: ConnectionRef, input: Input): RecordCheck<Normalized, Warning>;
  /** `GET /accounting/<path>/meta`: what a client may send to this connection's provider. */
  meta(descriptor: ProviderDescriptor, connection: ConnectionRef): unknown;
  docs: {
    create: RouteDocs;
    retry: RouteDocs;
    meta: RouteDocs;
    /** The create's example body a docs UI sends: one the API takes on a fresh connection. */
    requestExample: unknown;
    /** Examples of input fields zod leaves out of the document (the ones it transforms), by the input's component name. */
    inputExamples?: { component: string; examples: Record<string, readonly unknown[]> };
  };
}

/**
 * An object as the API serves it under `/accounting/<path>`: the registry's definition and what
 * is particular to it beside (its records, words, docs, and the push's check and meta). The
 * routes, the intake and the retry are written once over this (routes/records).
 */
export interface RecordRoutes<
  Row extends StoredRecord = StoredRecord,
  Input = unknown,
  Output = unknown,
  Normalized = unknown,
  Warning = unknown,
> {
  definition: ObjectDefinition;
  /** How messages name one record and several: `account`, `accounts`. */
  noun: { one: string; many: string };
  records: RecordReads<Row, Output>;
  docs: { tag: { name: string; description: string }; list: RouteDocs; retrieve: RouteDocs };
  /** Present exactly when `definition.directions` has `push`. */
  push?: PushRoutes<Row, Input, Normalized, Warning>;
}

/** The object's records as a retry reads and writes them (the API's retry and the dashboard's). */
export function retryableOf(entry: RecordRoutes, push: PushRoutes): RetryableRecords<StoredRecord> {
  const { records } = entry;
  return { object: entry.definition.name, records: { get: records.get, load: records.load, resetFailed: push.records.resetFailed } };
}
