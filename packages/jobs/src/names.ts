/** Queue names. Each queue's keys live under the configured prefix (`QUEUE_PREFIX`). */
export const QUEUES = {
  /** One job per account to push; job id = account id. */
  accounts: 'accounts',
  /** One job per webhook delivery; job id = delivery id. */
  webhooks: 'webhooks',
  /** Repeatable housekeeping (the sweeper). */
  maintenance: 'maintenance',
} as const;

export const JOB_NAMES = {
  pushAccount: 'push-account',
  deliverWebhook: 'deliver-webhook',
  sweep: 'sweep',
} as const;

/** Jobs carry ids only: Postgres holds the data, so a job can be rebuilt from a row at any time. */
export interface PushAccountJob {
  accountId: string;
}

export interface DeliverWebhookJob {
  deliveryId: string;
}

export type SweepJob = Record<string, never>;
