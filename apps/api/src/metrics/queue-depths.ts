import type { Queues } from '@ledgersync/jobs';
import { Gauge, type Registry } from 'prom-client';

/** The job states an operator watches: a growing `waiting` or `failed` is the signal to act on. */
export const QUEUE_STATES = ['waiting', 'delayed', 'active', 'failed'] as const;

type Depths = Map<string, Record<string, number> | undefined>;

/**
 * Queue depths read from BullMQ when Prometheus scrapes, so they are never stale. Each read is cut
 * off after `timeoutMs`: a slow or unreachable Redis then reports `ledgersync_queue_up 0` for that
 * queue and no depths, rather than holding the scrape (and every other series) hostage.
 */
export function registerQueueDepths(registry: Registry, queues: Queues, timeoutMs: number): void {
  const watched = [queues.push, queues.webhooks, queues.maintenance];

  // Both gauges are collected concurrently by one scrape: they share one read of Redis.
  let reading: Promise<Depths> | undefined;
  const readDepths = () => {
    reading ??= Promise.all(
      watched.map(async (queue) => [queue.name, await withTimeout(queue.getJobCounts(...QUEUE_STATES), timeoutMs)] as const),
    ).then((entries) => new Map(entries));
    const current = reading;
    void current.finally(() => {
      if (reading === current) reading = undefined;
    });
    return current;
  };

  new Gauge({
    name: 'ledgersync_queue_up',
    help: 'Whether the queue depths could be read from Redis at this scrape (1) or not (0)',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      const depths = await readDepths();
      for (const queue of watched) this.set({ queue: queue.name }, depths.get(queue.name) ? 1 : 0);
    },
  });

  new Gauge({
    name: 'ledgersync_queue_jobs',
    help: 'Jobs in each queue by state (waiting, delayed, active, failed), read at scrape time',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      const depths = await readDepths();
      // A queue that could not be read loses its depths rather than repeating the last ones.
      this.reset();
      for (const [queue, counts] of depths) {
        if (!counts) continue;
        for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state] ?? 0);
      }
    },
  });
}

/** The value, or undefined when it failed or took longer than `ms`. */
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work.catch(() => undefined), expired]);
  } finally {
    clearTimeout(timer);
  }
}
