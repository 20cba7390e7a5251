export { type BackoffOptions, type HasRetryAfter, retryDelay } from './backoff.js';
export { type DeliverWebhookJob, JOB_NAMES, type PushAccountJob, QUEUES, type SweepJob } from './names.js';
export {
  BACKOFF_TYPE,
  createQueues,
  DEFAULT_QUEUE_SETTINGS,
  enqueueDeliveries,
  enqueuePush,
  pushJobOptions,
  type QueueSettings,
  type Queues,
} from './queues.js';
export { createRedis } from './redis.js';
