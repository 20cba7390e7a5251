import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import type { ApiDeps } from '../deps.js';
import { replayDeliveryFromDashboard, retryPushFromDashboard } from './dashboard-retry.js';
import { PostgresRetryAdapter } from './queue-adapter.js';

type BoardServer = Parameters<typeof createBullBoard>[0]['serverAdapter'];

/** Every queue of the deployment, as the dashboard shows it; job ids are the rows' ids. */
function dashboardQueues(deps: ApiDeps, log: FastifyBaseLogger) {
  return [
    new PostgresRetryAdapter(deps.queues.push, retryPushFromDashboard(deps, log), {
      displayName: 'Pushes',
      description:
        'One job per record to push, id = record id (accounts today). Retry puts a failed account back to pending, as POST /accounting/accounts/{id}/retry does.',
      // A completed push is a synced account: there is nothing to retry.
      allowCompletedRetries: false,
    }),
    new PostgresRetryAdapter(deps.queues.webhooks, replayDeliveryFromDashboard(deps, log), {
      displayName: 'Webhook deliveries',
      description: 'One job per delivery, id = delivery id. Retry replays the event to that endpoint, as POST /events/{id}/replay does.',
    }),
    new BullMQAdapter(deps.queues.maintenance, {
      displayName: 'Maintenance',
      description: 'The sweeper: re-enqueues unfinished accounts and deliveries whose job is gone, forgets old Idempotency-Keys.',
    }),
  ];
}

/**
 * Bull Board, served at `<prefix>` (the prefix it is registered with, e.g. `/admin/queues`). It
 * expects to sit behind the admin token: register it inside `adminRoutes`, never alone.
 */
export function jobDashboard(deps: ApiDeps): FastifyPluginAsync {
  return async (app) => {
    const server = new FastifyAdapter();
    // The UI builds its links and API calls from the base path: the full prefix, parents included.
    server.setBasePath(app.prefix);
    createBullBoard({
      queues: dashboardQueues(deps, app.log.child({ component: 'job-dashboard' })),
      // @bull-board/fastify 9.10.1 (its latest) is typed against @bull-board/api 9.10.1, this app
      // has 9.10.2: same shape, but TypeScript tells two copies of a class with private fields apart.
      serverAdapter: server as unknown as BoardServer,
      options: { uiConfig: { boardTitle: 'ledgersync jobs' } },
    });
    await app.register(server.registerPlugin());
  };
}
