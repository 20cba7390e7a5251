import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where the embedded mode keeps its state, all under the data folder (`LEDGERSYNC_DATA_DIR`). */
export interface DataFolder {
  root: string;
  /** The app's PGlite: projects, connections, accounts, events. */
  appData: string;
  /** The queue's own PGlite (BullMQ's tables), served to this process by a child process. */
  queueData: string;
  /** The Unix socket the queue's PGlite is served on. */
  queueSocket: string;
  /** Who holds the folder (pid) and where its API listens: the CLI reads it to go through the server. */
  serverRecord: string;
}

// sockaddr_un holds about 108 bytes; a deeper data folder gets its socket in the temp folder.
const MAX_SOCKET_PATH = 100;

export function dataFolder(root: string): DataFolder {
  const absolute = resolve(root);
  const besideData = join(absolute, 'queue.sock');
  const queueSocket =
    Buffer.byteLength(besideData) <= MAX_SOCKET_PATH
      ? besideData
      : join(tmpdir(), `ledgersync-queue-${createHash('sha256').update(absolute).digest('hex').slice(0, 16)}.sock`);
  return {
    root: absolute,
    appData: join(absolute, 'pg'),
    queueData: join(absolute, 'queue'),
    queueSocket,
    serverRecord: join(absolute, 'server.json'),
  };
}
