import { randomBytes } from 'node:crypto';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { JOB_NAMES, type PushJob, QUEUES } from './names.js';
import { createPushLanes, FAST_LANE_PER_MINUTE } from './push-lanes.js';
import { createQueues, createWorker, DEFAULT_QUEUE_SETTINGS, enqueuePush, enqueuePushes } from './queues.js';

describe('push lanes', () => {
  it("keeps a connection's first jobs of a minute in the fast lane, numbers the rest by their count, and starts again a minute later", () => {
    let now = 1_000_000;
    const lanes = createPushLanes(() => now);
    const big = Array.from({ length: FAST_LANE_PER_MINUTE + 2 }, () => lanes.priorityOf('big'));
    expect(big.slice(0, FAST_LANE_PER_MINUTE).every((priority) => priority === 0)).toBe(true);
    expect(big.slice(FAST_LANE_PER_MINUTE)).toEqual([FAST_LANE_PER_MINUTE + 1, FAST_LANE_PER_MINUTE + 2]);
    // Another connection is counted on its own.
    expect(lanes.priorityOf('small')).toBe(0);
    now += 60_000;
    expect(lanes.priorityOf('big')).toBe(0);
  });

  describe('on a queue', () => {
    const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
    const redis = new Redis(url, { maxRetriesPerRequest: null });
    const queues = createQueues(redis, { ...DEFAULT_QUEUE_SETTINGS, prefix: `lst-lanes-${randomBytes(4).toString('hex')}` });
    afterAll(async () => {
      await queues.push.obliterate({ force: true });
      await queues.close();
      redis.disconnect();
    });

    it("takes a small connection's jobs before a big one's backlog, each in its own order, ids only, one job per account", async () => {
      await queues.push.pause();
      const backlog = Array.from({ length: FAST_LANE_PER_MINUTE + 20 }, (_, i) => ({
        id: `big-${String(i).padStart(3, '0')}`,
        connectionId: 'big',
      }));
      await enqueuePushes(queues, backlog);
      for (const id of ['small-1', 'small-2']) await enqueuePush(queues, { id, connectionId: 'small' });
      // An account enqueued again (the sweeper, a duplicate) is still one job.
      await enqueuePush(queues, { id: 'big-060', connectionId: 'big' });
      expect(await queues.push.getJobCounts('waiting', 'prioritized')).toEqual({ waiting: FAST_LANE_PER_MINUTE + 2, prioritized: 20 });

      const order: string[] = [];
      const worker = createWorker<PushJob>(
        redis,
        QUEUES.push,
        async (job: Job<PushJob>) => {
          expect(job.name).toBe(JOB_NAMES.push);
          expect(job.data).toEqual({ object: 'account', id: job.id });
          order.push(job.data.id);
        },
        { prefix: queues.settings.prefix, concurrency: 1 },
      );
      await queues.push.resume();
      while (order.length < backlog.length + 2) await new Promise((resolve) => setTimeout(resolve, 20));
      await worker.close();
      const firstPrioritized = order.indexOf(`big-0${FAST_LANE_PER_MINUTE}`);
      expect(order.indexOf('small-2')).toBeLessThan(firstPrioritized);
      expect(order.filter((id) => id.startsWith('big-'))).toEqual(backlog.map((account) => account.id));
    });
  });
});
