import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { waitFor } from './wait.js';

/** A free TCP port on 127.0.0.1 (nothing listens there once this returns). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export interface OwnRedis {
  port: number;
  url: string;
  /** Starts redis-server on the port (no persistence: it always starts empty). */
  start(): Promise<void>;
  /** SIGKILL: the data are gone, as after a crash without persistence. */
  kill(): Promise<void>;
  /** FLUSHALL, as an operator or a failover to an empty replica would. */
  flush(): Promise<void>;
}

/**
 * A redis-server of a test's own, on a port of its own, so stopping, flushing and restarting it
 * disturbs no other suite. Ended by its PID.
 */
export async function ownRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const connect = () => {
    const client = new Redis({ port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    client.on('error', () => {});
    return client;
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      await waitFor('redis to answer', async () => {
        const probe = connect();
        try {
          await probe.connect();
          return (await probe.ping()) === 'PONG';
        } finally {
          probe.disconnect();
        }
      });
    },
    async kill() {
      if (!child || child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
    async flush() {
      const client = connect();
      try {
        await client.connect();
        await client.flushall();
      } finally {
        client.disconnect();
      }
    },
  };
}
