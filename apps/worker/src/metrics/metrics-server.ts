import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@ledgersync/runtime';
import type { Registry } from 'prom-client';

export interface MetricsServerOptions {
  registry: Registry;
  /** 0 picks a free port (tests); callers treat METRICS_PORT=0 as "off" before getting here. */
  port: number;
  host: string;
  logger: Logger;
}

export interface MetricsServer {
  /** The port it listens on (the chosen one when asked for 0). */
  port: number;
  close(): Promise<void>;
}

/**
 * The worker has no HTTP API: this tiny server only answers Prometheus' `GET /metrics`. A port
 * already taken (a second worker on the same machine with the default port) is logged and the
 * worker runs on without it, since pushing accounts matters more than being scraped.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer | undefined> {
  const { registry, logger } = options;
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: the worker serves /metrics only\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    registry.metrics().then(
      (body) => response.writeHead(200, { 'content-type': registry.contentType }).end(request.method === 'HEAD' ? undefined : body),
      (error: unknown) => {
        logger.error({ err: error }, 'could not collect metrics');
        response.writeHead(500, { 'content-type': 'text/plain' }).end('could not collect metrics\n');
      },
    );
  });

  server.listen(options.port, options.host);
  try {
    await once(server, 'listening');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    logger.warn(
      { port: options.port },
      'metrics port in use: this worker is not scraped; give each worker process its own METRICS_PORT (0 turns it off)',
    );
    return undefined;
  }
  server.on('error', (error) => logger.error({ err: error }, 'metrics server error'));
  const { port } = server.address() as AddressInfo;
  logger.info({ url: `http://${options.host}:${port}/metrics` }, 'worker metrics served');
  return {
    port,
    async close() {
      const closed = once(server, 'close');
      server.close();
      // A scraper's keep-alive connection would otherwise hold the shutdown.
      server.closeAllConnections();
      await closed;
    },
  };
}
