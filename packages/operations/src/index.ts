export type { OperationLog } from './log.js';
export { type DeliveryReplay, replayDelivery, replayEvent } from './replay-event.js';
export { type RetryOutcome, retryFailedAccount } from './retry-account.js';
