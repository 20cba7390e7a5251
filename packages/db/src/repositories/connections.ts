import { issueToken, type SecretCipher, tokenMatches, tokenPrefix } from '@ledgersync/secrets';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { type ConnectionStatus, connections, connectionTokens, type RateLimitOverride } from '../schema/index.js';

/** OAuth credentials of a connection; only ever stored encrypted. */
export interface ConnectionCredentials {
  accessToken: string;
  refreshToken?: string;
  /** When the access token expires (RFC 3339), when the provider said. */
  expiresAt?: string;
  clientId?: string;
  clientSecret?: string;
}

/** What the intake needs to know about the connection behind an `x-connection-token`. */
export interface ConnectionRef {
  id: string;
  projectId: string;
  provider: string;
  tenantId: string;
  status: ConnectionStatus;
  /** `field_mappings` slug → provider field name. */
  fieldMappings: Record<string, string>;
  /** The company's country (ISO 3166-1 alpha-2), when known: some providers' limits depend on it. */
  companyCountry: string | null;
}

/** What a worker needs to call the provider. */
export interface Connection extends ConnectionRef {
  baseUrl: string;
  tokenUrl: string | null;
  credentials: ConnectionCredentials;
  rateLimits: RateLimitOverride | null;
  /** Why the connection is invalid, when it is. */
  statusReason: string | null;
}

export interface NewConnection {
  projectId: string;
  provider: string;
  tenantId: string;
  baseUrl: string;
  tokenUrl?: string | null;
  credentials: ConnectionCredentials;
  /** ISO 3166-1 alpha-2, upper case; null or absent when unknown. */
  companyCountry?: string | null;
}

const refColumns = {
  id: connections.id,
  projectId: connections.projectId,
  provider: connections.provider,
  tenantId: connections.tenantId,
  status: connections.status,
  fieldMappings: connections.fieldMappings,
  companyCountry: connections.companyCountry,
};

/** Creates a connection with its first token (shown once). */
export async function createConnection(
  db: Executor,
  cipher: SecretCipher,
  input: NewConnection,
): Promise<{ connection: ConnectionRef; token: string }> {
  const [connection] = await db
    .insert(connections)
    .values({
      projectId: input.projectId,
      provider: input.provider,
      tenantId: input.tenantId,
      baseUrl: input.baseUrl,
      tokenUrl: input.tokenUrl ?? null,
      credentials: cipher.encrypt(JSON.stringify(input.credentials)),
      companyCountry: input.companyCountry ?? null,
    })
    .returning(refColumns);
  if (!connection) throw new Error('connection insert returned nothing');
  const token = await issueConnectionToken(db, connection);
  return { connection, token };
}

/** A new token for an existing connection; earlier tokens stay valid until revoked. */
export async function issueConnectionToken(db: Executor, connection: { id: string; projectId: string }): Promise<string> {
  const issued = issueToken('lct');
  await db.insert(connectionTokens).values({
    connectionId: connection.id,
    projectId: connection.projectId,
    prefix: issued.prefix,
    hash: issued.hash,
  });
  return issued.token;
}

export async function findConnection(
  db: Executor,
  projectId: string,
  provider: string,
  tenantId: string,
): Promise<ConnectionRef | undefined> {
  const [row] = await db
    .select(refColumns)
    .from(connections)
    .where(and(eq(connections.projectId, projectId), eq(connections.provider, provider), eq(connections.tenantId, tenantId)));
  return row;
}

export async function listConnections(db: Executor, projectId: string) {
  return db
    .select({ ...refColumns, baseUrl: connections.baseUrl, createdAt: connections.createdAt })
    .from(connections)
    .where(eq(connections.projectId, projectId))
    .orderBy(connections.createdAt);
}

/** A live connection token as stored (its hash) with the connection it opens. */
export interface StoredConnectionToken extends ConnectionRef {
  prefix: string;
  hash: string;
}

/**
 * Live tokens by prefix within one project, several at once (the API batches concurrent
 * requests). Another project's token is not returned: it is treated exactly like an unknown one.
 */
export function liveConnectionTokens(db: Executor, projectId: string, prefixes: readonly string[]): Promise<StoredConnectionToken[]> {
  if (prefixes.length === 0) return Promise.resolve([]);
  return db
    .select({ ...refColumns, prefix: connectionTokens.prefix, hash: connectionTokens.hash })
    .from(connectionTokens)
    .innerJoin(connections, eq(connections.id, connectionTokens.connectionId))
    .where(
      and(inArray(connectionTokens.prefix, [...prefixes]), eq(connectionTokens.projectId, projectId), isNull(connectionTokens.revokedAt)),
    );
}

/** The connection a presented token opens, when it matches the stored token (constant time). */
export function connectionOpenedBy(token: string, stored: StoredConnectionToken | undefined): ConnectionRef | null {
  if (!stored || !tokenMatches(token, stored.hash)) return null;
  const { hash: _hash, prefix: _prefix, ...ref } = stored;
  return ref;
}

/** The connection a token opens, only if it belongs to the caller's project. */
export async function resolveConnectionToken(db: Executor, projectId: string, token: string): Promise<ConnectionRef | null> {
  const prefix = tokenPrefix(token, 'lct');
  if (!prefix) return null;
  const [stored] = await liveConnectionTokens(db, projectId, [prefix]);
  return connectionOpenedBy(token, stored);
}

export async function loadConnection(db: Executor, cipher: SecretCipher, id: string): Promise<Connection | undefined> {
  const [row] = await db.select().from(connections).where(eq(connections.id, id));
  return row ? decryptConnection(cipher, row) : undefined;
}

/** A stored connection as a worker uses it, its credentials decrypted. */
export function decryptConnection(cipher: SecretCipher, row: typeof connections.$inferSelect): Connection {
  return {
    id: row.id,
    projectId: row.projectId,
    provider: row.provider,
    tenantId: row.tenantId,
    status: row.status,
    baseUrl: row.baseUrl,
    tokenUrl: row.tokenUrl,
    rateLimits: row.rateLimits,
    statusReason: row.statusReason,
    fieldMappings: row.fieldMappings,
    companyCountry: row.companyCountry,
    credentials: JSON.parse(cipher.decrypt(row.credentials)) as ConnectionCredentials,
  };
}

export async function saveCredentials(db: Executor, cipher: SecretCipher, id: string, credentials: ConnectionCredentials) {
  await db
    .update(connections)
    .set({ credentials: cipher.encrypt(JSON.stringify(credentials)), modifiedAt: new Date() })
    .where(eq(connections.id, id));
}

/** The customer must reconnect (refresh refused, access revoked): pushes fail until then. */
/**
 * Marks an active connection invalid (the customer must reconnect). Returns it when this call made
 * the change, undefined when it was already invalid, so the change is announced once.
 */
export async function markConnectionInvalid(db: Executor, id: string, reason: string): Promise<ConnectionRef | undefined> {
  const [row] = await db
    .update(connections)
    .set({ status: 'invalid', statusReason: reason, modifiedAt: new Date() })
    .where(and(eq(connections.id, id), eq(connections.status, 'active')))
    .returning(refColumns);
  return row;
}

/** Re-points a connection (new base URL, new credentials) and makes it active again. */
export async function updateConnection(
  db: Executor,
  cipher: SecretCipher,
  id: string,
  update: { baseUrl: string; tokenUrl: string | null; credentials: ConnectionCredentials },
) {
  await db
    .update(connections)
    .set({
      baseUrl: update.baseUrl,
      tokenUrl: update.tokenUrl,
      credentials: cipher.encrypt(JSON.stringify(update.credentials)),
      status: 'active',
      statusReason: null,
      modifiedAt: new Date(),
    })
    .where(eq(connections.id, id));
}

/** Maps a `field_mappings` slug to a provider field, or (with null) removes the mapping. Returns the mappings. */
export async function setFieldMapping(db: Executor, id: string, slug: string, remoteField: string | null): Promise<Record<string, string>> {
  const change =
    remoteField === null
      ? sql`${connections.fieldMappings} - ${slug}::text`
      : sql`${connections.fieldMappings} || jsonb_build_object(${slug}::text, ${remoteField}::text)`;
  const [row] = await db
    .update(connections)
    .set({ fieldMappings: change, modifiedAt: new Date() })
    .where(eq(connections.id, id))
    .returning({ fieldMappings: connections.fieldMappings });
  return row?.fieldMappings ?? {};
}

/** Sets (or clears, with null) a connection's own rate limits. */
export async function setConnectionRateLimits(db: Executor, id: string, limits: RateLimitOverride | null) {
  await db.update(connections).set({ rateLimits: limits, modifiedAt: new Date() }).where(eq(connections.id, id));
}
