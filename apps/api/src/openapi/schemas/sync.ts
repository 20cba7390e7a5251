import { z } from 'zod';

const dateTime = () => z.string().meta({ format: 'date-time' });

/** Panora's ResyncStatusDto: the answer once the pulls are enqueued. */
export const resyncStatusSchema = z
  .object({
    timestamp: dateTime(),
    vertical: z.enum(['accounting']),
    provider: z.string(),
    status: z.enum(['success', 'fail']),
  })
  .meta({ id: 'ResyncStatusDto', description: 'A full pull of the connection’s books was enqueued.' });

/** Panora's UpdatePullFrequencyDto: seconds between pulls, per vertical (ledgersync reads `accounting`). */
export const pullFrequencySchema = z
  .object({
    accounting: z
      .number()
      .int()
      .min(60)
      .max(7 * 24 * 3600)
      .meta({ description: "Seconds between incremental pulls of the project's connections (60 to a week)." }),
    crm: z.number().optional(),
    filestorage: z.number().optional(),
    ecommerce: z.number().optional(),
    ticketing: z.number().optional(),
  })
  .meta({
    id: 'UpdatePullFrequencyDto',
    description: 'Seconds between pulls per vertical; ledgersync keeps `accounting`, the others are not pulled (0).',
  });

const pullErrorSchema = z
  .object({
    code: z.string().optional(),
    message: z.string().optional(),
    provider_code: z.string().optional(),
    skipped: z
      .array(z.object({ remote_id: z.string(), reason: z.string() }))
      .optional()
      .meta({ description: 'Records the provider has that ledgersync could not map: skipped, the rest of the pull went on.' }),
  })
  .meta({ id: 'PullError' });

export const objectSyncStatusSchema = z
  .object({
    status: z
      .enum(['idle', 'running', 'held', 'failed'])
      .meta({ description: '`held`: the connection must be reconnected; its pulls wait, like its pushes.' }),
    last_success_at: dateTime().nullable(),
    last_error: pullErrorSchema.nullable(),
    next_run_at: dateTime().nullable(),
    records: z.number().int().meta({ description: 'Records of the object the provider has, as last pulled.' }),
  })
  .meta({ id: 'ObjectSyncStatus' });

export const syncStatusSchema = z
  .object({
    vertical: z.enum(['accounting']),
    provider: z.string(),
    connection_id: z.string(),
    objects: z
      .record(z.string(), objectSyncStatusSchema)
      .meta({ description: 'Per object (`account`, `companyinfo`, `taxrate`, `trackingcategory`).' }),
  })
  .meta({ id: 'SyncStatus', description: 'How fresh the copy of the connection’s books is.' });
