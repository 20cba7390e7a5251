import { type Connection, type ConnectionCredentials, saveCredentials } from '@ledgersync/db';
import { connections } from '@ledgersync/db/schema';
import { ConnectionRevoked, CredentialsExpired, refreshAccessToken } from '@ledgersync/providers';
import { getDescriptor } from '@ledgersync/providers';
import { eq } from 'drizzle-orm';
import type { WorkerContext } from './context.js';
import { recordConnectionInvalid } from './outcomes.js';

// Refresh a little before the provider's expiry, so a request does not leave with a dying token.
const EXPIRY_MARGIN_MS = 60_000;

function expiresSoon(credentials: ConnectionCredentials, now: number): boolean {
  return credentials.expiresAt !== undefined && Date.parse(credentials.expiresAt) - EXPIRY_MARGIN_MS <= now;
}

/**
 * Runs `send` with a live access token: refreshes first when the token is known to be expiring,
 * and once more when the provider answers 401. A refresh the provider refuses, or a call it
 * refuses for the connection's grant (`ConnectionRevoked`: a scope missing), marks the connection
 * invalid (the customer must reconnect) and fails with `ConnectionRevoked`.
 */
export async function withAccessToken<T>(
  context: WorkerContext,
  connection: Connection,
  send: (accessToken: string) => Promise<T>,
): Promise<T> {
  const call = async (accessToken: string): Promise<T> => {
    try {
      return await send(accessToken);
    } catch (error) {
      if (error instanceof ConnectionRevoked) await recordConnectionInvalid(context, connection.id, error.message);
      throw error;
    }
  };
  let credentials = connection.credentials;
  if (expiresSoon(credentials, Date.now())) credentials = await refresh(context, connection, credentials.accessToken);
  try {
    return await call(credentials.accessToken);
  } catch (error) {
    if (!(error instanceof CredentialsExpired)) throw error;
    const renewed = await refresh(context, connection, credentials.accessToken);
    try {
      return await call(renewed.accessToken);
    } catch (again) {
      if (again instanceof CredentialsExpired) {
        await recordConnectionInvalid(context, connection.id, `credentials refused after a refresh: ${again.message}`);
        throw new ConnectionRevoked(connection.provider, `${again.message} (even after a token refresh)`, { cause: again });
      }
      throw again;
    }
  }
}

/**
 * Refreshes under a row lock on the connection, so that concurrent jobs (in any process) refresh
 * once: a job that waited for the lock finds the token another job already renewed and uses it.
 * This matters for providers that rotate refresh tokens, where a second refresh would fail.
 */
async function refresh(context: WorkerContext, connection: Connection, staleAccessToken: string): Promise<ConnectionCredentials> {
  try {
    return await refreshLocked(context, connection, staleAccessToken);
  } catch (error) {
    // Outside the transaction, which the error has rolled back.
    if (error instanceof ConnectionRevoked) await recordConnectionInvalid(context, connection.id, error.message);
    throw error;
  }
}

async function refreshLocked(context: WorkerContext, connection: Connection, staleAccessToken: string): Promise<ConnectionCredentials> {
  const { db, cipher } = context;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ credentials: connections.credentials })
      .from(connections)
      .where(eq(connections.id, connection.id))
      .for('update');
    if (!row) throw new ConnectionRevoked(connection.provider, 'the connection was deleted');
    const current = JSON.parse(cipher.decrypt(row.credentials)) as ConnectionCredentials;
    if (current.accessToken !== staleAccessToken && !expiresSoon(current, Date.now())) return current;

    const { refreshToken, clientId, clientSecret } = current;
    if (!refreshToken || !clientId || !clientSecret || !connection.tokenUrl) {
      throw new ConnectionRevoked(connection.provider, 'access token expired and the connection cannot refresh it: reconnect');
    }
    const descriptor = getDescriptor(connection.provider);
    const tokens = await refreshAccessToken({
      provider: connection.provider,
      clientAuth: descriptor.oauthClientAuth,
      tokenUrl: connection.tokenUrl,
      clientId,
      clientSecret,
      refreshToken,
      timeoutMs: descriptor.requestTimeoutMs,
    });
    const renewed: ConnectionCredentials = { ...current, ...tokens };
    await saveCredentials(tx, cipher, connection.id, renewed);
    context.logger.info({ connectionId: connection.id }, 'access token refreshed');
    return renewed;
  });
}
