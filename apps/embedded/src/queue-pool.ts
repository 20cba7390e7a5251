import { EventEmitter } from 'node:events';
import type { PgNotification, PgPool, PgPoolClient, PgQueryResult } from 'bullmq';
import postgres from 'postgres';

/** A pool BullMQ's PostgreSQL backend can use, and the means to close it. */
export interface QueuePool extends PgPool {
  /** True once the queue's database answers on the pool's connection. */
  ping(): Promise<boolean>;
}

/**
 * postgres.js hands a connection's NotificationResponse messages to `onnotify`; its own `listen()`
 * sets it on a dedicated connection, which is of no use here (notifications come back on the
 * connection whose statement triggered them), so it is set on the one connection directly.
 */
interface PostgresNotifyOption {
  onnotify: (channel: string, payload: string) => void;
}

// A transaction on the one shared session would take in every other caller's statements.
const TRANSACTION_START = /^\s*(begin|start\s+transaction)\b/i;

// BullMQ names a worker's connection (`set_config('application_name', …)`) and finds a queue's
// workers by listing named sessions in pg_stat_activity (its get_client_list.sql). PGlite has one
// session, so it would hold one name, the last one set, and every other queue would show "No
// workers" on the dashboard. The names are kept here instead, per checked-out client, for every
// pool of this process (the embedded mode runs its API and its workers in one). Each is answered
// as a line of Redis' CLIENT LIST, whose fields the dashboard reads (it counts only clients that
// have an `addr`): BullMQ prints the row as `name=<application_name>`, so the other fields ride
// after the name.
const NAME_CLIENT = /^\s*select\s+set_config\('application_name',\s*\$1/i;
const LIST_CLIENTS = /\bfrom\s+pg_stat_activity\b/i;
const clientNames = new Map<EventEmitter, { name: string; since: number }>();

function clientListRows(): { application_name: string }[] {
  const now = Date.now();
  return [...clientNames.values()].map(({ name, since }, index) => ({
    application_name: `${name} addr=embedded:${index + 1} id=${index + 1} age=${Math.floor((now - since) / 1000)} idle=0`,
  }));
}

/**
 * BullMQ's PostgreSQL backend on the queue's PGlite, through ONE connection to its socket.
 *
 * - One connection, because pglite-socket multiplexes its clients onto PGlite's single session
 *   message by message: two connections' extended-protocol messages (parse, bind, execute)
 *   interleave and take each other's unnamed statements and portals. postgres.js pipelines every
 *   query of this process on the one connection, in order, which is as fast: PGlite runs one
 *   statement at a time anyway.
 * - LISTEN/NOTIFY works through it: the session that listens is the one every NOTIFY is issued
 *   on, so notifications arrive on this connection and are handed to the backend's listen
 *   clients. Workers wake up when a job is added instead of polling.
 * - node-postgres semantics for parameters (`pg` itself is not a dependency): a string sent to a
 *   json/jsonb parameter is sent as is (BullMQ passes JSON it has serialized itself), undefined
 *   is null, and a query without parameters is a simple query (it may hold several statements).
 *
 * BullMQ only checks clients out to LISTEN and to name them; each of its operations is one
 * statement (a function call), so nothing here needs a session of its own.
 */
export function connectQueuePool(socketPath: string): QueuePool {
  const emitter = new EventEmitter();
  const clients = new Set<EventEmitter>();
  const options: postgres.Options<Record<string, postgres.PostgresType>> & PostgresNotifyOption = {
    path: socketPath,
    max: 1,
    username: 'postgres',
    database: 'postgres',
    idle_timeout: 0,
    onnotice: () => {},
    onnotify: (channel: string, payload: string) => {
      const notification: PgNotification = { channel, payload };
      for (const client of clients) client.emit('notification', notification);
    },
    transform: { undefined: null },
    types: {
      json: {
        to: 114,
        from: [114, 3802],
        serialize: (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value)),
        parse: (text: string) => JSON.parse(text),
      },
    },
    connection: { application_name: 'ledgersync' },
  };
  const sql = postgres(options);

  async function query<R>(text: string, params?: readonly unknown[]): Promise<PgQueryResult<R>> {
    if (LIST_CLIENTS.test(text)) {
      const rows = clientListRows();
      return { rows: rows as R[], rowCount: rows.length };
    }
    const rows = await sql.unsafe(text, (params ?? []) as postgres.ParameterOrJSON<never>[]);
    return { rows: [...rows] as R[], rowCount: rows.count ?? rows.length };
  }

  function checkOut(): PgPoolClient {
    const client = Object.assign(new EventEmitter(), {
      query<R>(text: string, params?: readonly unknown[]) {
        if (TRANSACTION_START.test(text)) {
          return Promise.reject(new Error('the queue pool shares one session: transactions are not supported on its clients'));
        }
        if (NAME_CLIENT.test(text) && typeof params?.[0] === 'string') {
          clientNames.set(client, { name: params[0], since: Date.now() });
          return Promise.resolve({ rows: [{ set_config: params[0] }] as R[], rowCount: 1 });
        }
        return query<R>(text, params);
      },
      release() {
        clients.delete(client);
        clientNames.delete(client);
      },
    });
    clients.add(client);
    return client as unknown as PgPoolClient;
  }

  const pool = Object.assign(emitter, {
    query,
    connect: async () => checkOut(),
    async end() {
      for (const client of clients) clientNames.delete(client);
      clients.clear();
      await sql.end({ timeout: 5 });
    },
    async ping() {
      return query('select 1').then(
        () => true,
        () => false,
      );
    },
  });
  return pool as unknown as QueuePool;
}
