import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { DataFolder } from './data-folder.js';

/** What `<data>/server.json` says while an embedded server holds the data folder. */
export interface RunningServer {
  pid: number;
  /** Where its API listens; null while it is still starting. */
  url: string | null;
  startedAt: string;
}

/** Another live process holds the data folder: PGlite allows one process per folder. */
export class DataFolderInUse extends Error {
  override readonly name = 'DataFolderInUse';
  constructor(
    readonly folder: string,
    readonly holder: RunningServer,
  ) {
    super(
      `${folder} is in use by process ${holder.pid}${holder.url ? ` (ledgersync at ${holder.url})` : ''}: ` +
        'stop it first, or point LEDGERSYNC_DATA_DIR at another folder',
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readRecord(file: string): RunningServer | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunningServer;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError) return null;
    throw error;
  }
}

/** The embedded server holding the folder, if one is alive (a crashed one's record is ignored). */
export function findRunningServer(folder: DataFolder): RunningServer | null {
  const record = readRecord(folder.serverRecord);
  return record && record.pid !== process.pid && alive(record.pid) ? record : null;
}

// Folders this process holds: a second claim from the same process is refused like any other.
const claimedHere = new Set<string>();

export interface DataFolderClaim {
  /** Records where the API listens, for the CLI. */
  publish(url: string): void;
  release(): void;
}

/**
 * Takes the data folder for this process, or throws {@link DataFolderInUse}. The record is linked
 * into place, so of two processes starting together exactly one wins; a record left by a process
 * that died is taken over.
 */
export function claimDataFolder(folder: DataFolder): DataFolderClaim {
  const held = claimedHere.has(folder.root) ? readRecord(folder.serverRecord) : null;
  if (held) throw new DataFolderInUse(folder.root, held);
  mkdirSync(folder.root, { recursive: true });
  const record: RunningServer = { pid: process.pid, url: null, startedAt: new Date().toISOString() };
  const write = (target: string, value: RunningServer) => writeFileSync(target, `${JSON.stringify(value)}\n`, { mode: 0o600 });
  const draft = `${folder.serverRecord}.${process.pid}.draft`;
  for (let attempt = 0; ; attempt++) {
    write(draft, record);
    try {
      linkSync(draft, folder.serverRecord);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readRecord(folder.serverRecord);
      if (holder && (holder.pid === process.pid ? claimedHere.has(folder.root) : alive(holder.pid)))
        throw new DataFolderInUse(folder.root, holder);
      if (attempt > 0) throw new Error(`cannot take ${folder.serverRecord} over from a stopped process: remove it by hand`);
      rmSync(folder.serverRecord, { force: true });
    } finally {
      rmSync(draft, { force: true });
    }
  }
  claimedHere.add(folder.root);
  return {
    publish(url) {
      write(draft, { ...record, url });
      renameSync(draft, folder.serverRecord);
    },
    release() {
      if (!claimedHere.delete(folder.root)) return;
      if (readRecord(folder.serverRecord)?.pid === process.pid) rmSync(folder.serverRecord, { force: true });
    },
  };
}
