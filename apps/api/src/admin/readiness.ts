import type { FastifyPluginAsync } from 'fastify';
import type { ApiDeps } from '../deps.js';

export interface ReadinessOptions {
  /** How long a check may take before its service counts as unreachable. */
  timeoutMs?: number;
}

/** Resolves true when `check` succeeds within the time allowed, false when it fails or hangs. */
async function answers(check: () => Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([check().then(() => true as const), timedOut]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /readyz`: whether this API can do its work now, for a load balancer or an orchestrator.
 * 200 when Postgres and the queue both answer; 503 naming what does not. `/healthz` stays
 * "the process is up" (and Redis down is not fatal for intake), so a restart is never triggered
 * by a dependency being away.
 */
export function readinessRoute(deps: Pick<ApiDeps, 'db' | 'queues'>, options: ReadinessOptions = {}): FastifyPluginAsync {
  const timeoutMs = options.timeoutMs ?? 2_000;
  return async (app) => {
    app.get('/readyz', async (request, reply) => {
      const [database, queue] = await Promise.all([
        answers(() => deps.db.execute('select 1'), timeoutMs),
        // Through BullMQ itself, so it holds whatever the queue's backend is.
        answers(() => deps.queues.push.getJobCounts('waiting'), timeoutMs),
      ]);
      reply.header('cache-control', 'no-store');
      if (database && queue) return reply.status(200).send({ status: 'ready', database, queue });
      const unreachable = [...(database ? [] : ['database']), ...(queue ? [] : ['queue'])];
      request.log.warn({ unreachable }, 'not ready');
      return reply.status(503).send({ status: 'not_ready', database, queue, unreachable });
    });
  };
}
