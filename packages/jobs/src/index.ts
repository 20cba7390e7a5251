export { type BackoffOptions, type HasRetryAfter, retryDelay } from './backoff.js';
export {
  assertProcessors,
  type DeliverWebhookJob,
  JOB_KINDS,
  JOB_NAMES,
  type JobKind,
  type JobPayloads,
  JOBS,
  missingProcessors,
  type PullJob,
  type PushJob,
  QUEUES,
  type QueueName,
  type SweepJob,
} from './names.js';
export {
  BACKOFF_TYPE,
  createQueues,
  createWorker,
  DEFAULT_QUEUE_SETTINGS,
  enqueueDeliveries,
  enqueuePush,
  enqueuePushes,
  freeJobId,
  type PostgresQueueConnection,
  pushJobOptions,
  type PushTarget,
  type QueueConnection,
  type QueueSettings,
  type Queues,
  requeueDeliveries,
  QueueUnreachable,
  requeuePush,
} from './queues.js';
export { beginEpoch, epochKey, epochStarter, READ_EPOCH, type RecentActivity } from './epoch.js';
export { createRedis, untilReady } from './redis.js';
export {
  type Admission,
  type ConnectionLimiter,
  createInProcessLimiter,
  createRedisLimiter,
  type InProcessLimiterOptions,
  formatRateWindow,
  maxInAnyWindow,
  parseRateWindow,
  type RatePolicy,
  type RateWindow,
  type RedisLimiterOptions,
  WINDOW_WIDENING_MS,
} from './limiter/index.js';
export { DEFAULT_WEBHOOK_SCHEDULE, parseRetrySchedule, scheduledDelay } from './schedule.js';
