import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type MetricsServer, startMetricsServer } from './metrics-server.js';
import { createWorkerMetrics } from './worker-metrics.js';

const lines: string[] = [];
const logger = pino(
  { level: 'debug' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  }),
);

describe('the worker metrics server', () => {
  const started: MetricsServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.close()));
  });

  async function start(port = 0) {
    const metrics = createWorkerMetrics();
    const server = await startMetricsServer({ registry: metrics.registry, port, host: '127.0.0.1', logger });
    if (server) started.push(server);
    return { metrics, server };
  }

  it('serves the registry at /metrics on a free port, in the text format Prometheus scrapes', async () => {
    const { metrics, server } = await start();
    if (!server) throw new Error('did not listen');
    metrics.pushSynced('quickbooks', new Date());
    metrics.webhookDelivery('delivered');

    const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = await response.text();
    expect(body).toContain('ledgersync_push_outcomes_total{provider="quickbooks",outcome="synced"} 1');
    expect(body).toContain('ledgersync_webhook_deliveries_total{outcome="delivered"} 1');
    expect(body).toContain('ledgersync_intake_to_synced_seconds_count{provider="quickbooks"} 1');

    expect((await fetch(`http://127.0.0.1:${server.port}/anything-else`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${server.port}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('stops answering once closed', async () => {
    const { server } = await start();
    if (!server) throw new Error('did not listen');
    await server.close();
    started.pop();
    await expect(fetch(`http://127.0.0.1:${server.port}/metrics`)).rejects.toThrow();
  });

  it('leaves a second worker on the same port unscraped, with a warning, rather than stopping it', async () => {
    const { server } = await start();
    if (!server) throw new Error('did not listen');
    const second = await start(server.port);
    expect(second.server).toBeUndefined();
    expect(lines.some((line) => line.includes('metrics port in use'))).toBe(true);
  });
});
