export type { OperationLog } from './log.js';
export { type DeliveryReplay, replayDelivery, replayEvent } from './replay-event.js';
export { type RetryableRecords, type RetryOutcome, retryFailedAccount, retryFailedRecord } from './retry-record.js';
export { startFullPull, startPull } from './pull-books.js';
