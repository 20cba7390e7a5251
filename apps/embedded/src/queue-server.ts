/**
 * The queue's PGlite, run in a child process of the embedded server so its WebAssembly work stays
 * off the API's thread, and served to the parent over a Unix socket (pglite-socket). Started by
 * `startQueueProcess`; argv: the data folder, the socket path.
 */
import { rmSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { DEFAULT_SCHEMA, type PgQueryable, type PgQueryResult, quoteSchemaName, runMigrations } from 'bullmq';

const [dataDir, socketPath] = process.argv.slice(2);
if (!dataDir || !socketPath || !process.send) {
  process.stderr.write('queue-server: run by the embedded server (data folder and socket path expected)\n');
  process.exit(2);
}

const db = await PGlite.create(dataDir);

// BullMQ's runner takes node-postgres' interface: a query without parameters is sent as a simple
// query there, which may hold several statements (its migration files do).
const session: PgQueryable = {
  async query<R>(text: string, params?: readonly unknown[]) {
    if (params?.length) return db.query<R>(text, [...params]);
    const results = await db.exec(text);
    return (results.at(-1) ?? { rows: [] }) as PgQueryResult<R>;
  },
};
// Once, at boot, before any client connects: PGlite is a single session, so the runner's
// transaction and advisory lock cover nothing but itself.
await runMigrations(session, DEFAULT_SCHEMA);
// PGlite ignores the search_path a client asks for at startup; its one session is everyone's.
await db.exec(`SET search_path TO ${quoteSchemaName(DEFAULT_SCHEMA)}, public`);

rmSync(socketPath, { force: true });
// The parent opens one connection (see queue-pool.ts); a few more leave room for a diagnosis with psql.
const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 4 });
await server.start();

let stopping: Promise<void> | undefined;
function stop(): Promise<void> {
  stopping ??= (async () => {
    await server.stop().catch(() => {});
    await db.close();
    rmSync(socketPath as string, { force: true });
  })();
  return stopping;
}

process.on('message', (message: { type?: string }) => {
  if (message?.type === 'stop') void stop().then(() => process.exit(0));
});
// A signal here (Ctrl-C reaches the whole process group; `kill` may pick this PID) is the user's
// wish to stop the server: the parent stops, and stops this process once its workers have
// finished with the queue. Stopping here first would cut their jobs off.
const askParent = () => (process.connected ? process.send?.({ type: 'stop-requested' }) : void stop().then(() => process.exit(0)));
process.on('SIGINT', askParent);
process.on('SIGTERM', askParent);
// The parent died without asking: close cleanly rather than linger holding the folder.
process.on('disconnect', () => void stop().then(() => process.exit(0)));

process.send({ type: 'ready' });
