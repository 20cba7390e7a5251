export { type BackoffOptions, type HasRetryAfter, retryDelay } from './backoff.js';
export { type DeliverWebhookJob, JOB_NAMES, type PushAccountJob, QUEUES, type SweepJob } from './names.js';
export {
  BACKOFF_TYPE,
  createQueues,
  DEFAULT_QUEUE_SETTINGS,
  enqueueDeliveries,
  enqueuePush,
  freeJobId,
  pushJobOptions,
  type QueueSettings,
  type Queues,
  requeueDeliveries,
  requeuePush,
} from './queues.js';
export { createRedis } from './redis.js';
export {
  type Admission,
  type ConnectionLimiter,
  createRedisLimiter,
  formatRateWindow,
  maxInAnyWindow,
  parseRateWindow,
  type RatePolicy,
  type RateWindow,
  WINDOW_WIDENING_MS,
} from './limiter/index.js';
export { DEFAULT_WEBHOOK_SCHEDULE, parseRetrySchedule, scheduledDelay } from './schedule.js';
