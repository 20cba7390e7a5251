export { createInProcessLimiter, type InProcessLimiterOptions } from './in-process-limiter.js';
export { type Admission, type ConnectionLimiter, createRedisLimiter, FULL_AFTER_LOSS_UP_TO_MS, type RedisLimiterOptions, WINDOW_WIDENING_MS } from './limiter.js';
export { formatRateWindow, parseRateWindow, type RatePolicy, type RateWindow } from './policy.js';
export { maxInAnyWindow } from './windows.js';
