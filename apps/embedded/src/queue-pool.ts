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
    const rows = await sql.unsafe(text, (params ?? []) as postgres.ParameterOrJSON<never>[]);
    return { rows: [...rows] as R[], rowCount: rows.count ?? rows.length };
  }

  function checkOut(): PgPoolClient {
    const client = Object.assign(new EventEmitter(), {
      query<R>(text: string, params?: readonly unknown[]) {
        if (TRANSACTION_START.test(text)) {
          return Promise.reject(new Error('the queue pool shares one session: transactions are not supported on its clients'));
        }
        return query<R>(text, params);
      },
      release() {
        clients.delete(client);
      },
    });
    clients.add(client);
    return client as unknown as PgPoolClient;
  }

  const pool = Object.assign(emitter, {
    query,
    connect: async () => checkOut(),
    async end() {
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
