import { cpus, loadavg, totalmem } from 'node:os';
import postgres from 'postgres';
import { ADMIN_DATABASE_URL, REDIS_URL } from './services.js';
import { createRedis } from '@ledgersync/jobs';

export interface MachineJson {
  cores: number;
  cpu: string;
  ram_gb: number;
  node: string;
  postgres: string;
  redis: string;
  /** 1-minute load average when the run started and when it ended: other work on the machine. */
  load_at_start: number;
  load_at_end?: number;
}

/** What the figures were measured on. */
export async function describeMachine(): Promise<MachineJson> {
  const sql = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
  const redis = createRedis(REDIS_URL, 'worker');
  try {
    const [row] = await sql<{ server_version: string }[]>`show server_version`;
    const info = await redis.info('server');
    return {
      cores: cpus().length,
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      ram_gb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      postgres: (row?.server_version ?? 'unknown').split(' ')[0] ?? 'unknown',
      redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
      load_at_start: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    };
  } finally {
    await sql.end();
    redis.disconnect();
  }
}

export const currentLoad = () => Math.round((loadavg()[0] ?? 0) * 100) / 100;
