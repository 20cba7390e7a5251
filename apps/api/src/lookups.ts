import {
  type Caller,
  type ConnectionRef,
  callerForKey,
  connectionOpenedBy,
  type Db,
  liveApiKeys,
  liveConnectionTokens,
  type RecordReads,
  type RecordScope,
  type RecordStanding,
  type StoredApiKey,
  type StoredConnectionToken,
} from '@ledgersync/db';
import { tokenPrefix } from '@ledgersync/secrets';
import DataLoader from 'dataloader';

/**
 * The reads every request makes (its API key, its connection token, a parent account), batched:
 * the requests that arrive in one turn of the event loop share one query per kind instead of one
 * each. Nothing is cached between batches, so a revoked key or an invalidated connection is
 * refused by the very next request.
 */
export interface Lookups {
  caller(key: string): Promise<Caller | null>;
  connection(projectId: string, token: string): Promise<ConnectionRef | null>;
}

// Batches close when the event loop has read every request it had: after the poll phase.
const loaderOptions = { cache: false, maxBatchSize: 200, batchScheduleFn: (run: () => void) => setImmediate(run) } as const;

function byKey<T>(keys: readonly string[], rows: readonly T[], keyOf: (row: T) => string): (T | undefined)[] {
  const found = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => found.get(key));
}

export function createLookups(db: Db): Lookups {
  const apiKeys = new DataLoader<string, StoredApiKey | undefined>(
    async (prefixes) => byKey(prefixes, await liveApiKeys(db, prefixes), (row) => row.prefix),
    loaderOptions,
  );
  // One batch per project: the query is scoped to it, so no project's tokens are ever read for another.
  const tokenLoaders = new Map<string, DataLoader<string, StoredConnectionToken | undefined>>();
  const tokensOf = (projectId: string) => {
    let loader = tokenLoaders.get(projectId);
    if (!loader) {
      loader = new DataLoader(async (prefixes) => {
        tokenLoaders.delete(projectId);
        return byKey(prefixes, await liveConnectionTokens(db, projectId, prefixes), (row) => row.prefix);
      }, loaderOptions);
      tokenLoaders.set(projectId, loader);
    }
    return loader;
  };
  return {
    async caller(key) {
      const prefix = tokenPrefix(key, 'lsk');
      return prefix ? callerForKey(key, await apiKeys.load(prefix)) : null;
    },
    async connection(projectId, token) {
      const prefix = tokenPrefix(token, 'lct');
      return prefix ? connectionOpenedBy(token, await tokensOf(projectId).load(prefix)) : null;
    },
  };
}

/**
 * A record's standing, if it exists in that scope: what the intake checks a reference (an
 * account's parent) against. One per referenced object, batched like the lookups above.
 */
export function standingLookup(db: Db, records: Pick<RecordReads<never, unknown>, 'standings'>) {
  const standings = new DataLoader<string, RecordStanding | undefined>(
    async (ids) => byKey(ids, await records.standings(db, ids), (row) => row.id),
    loaderOptions,
  );
  return async (scope: RecordScope, id: string): Promise<RecordStanding | undefined> => {
    const standing = await standings.load(id);
    return standing?.projectId === scope.projectId && standing.connectionId === scope.connectionId ? standing : undefined;
  };
}
