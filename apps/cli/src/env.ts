import { parseEnv, sandboxEnvSchema, serviceEnvSchema, withRunMode } from '@ledgersync/runtime';
import { z } from 'zod';

export const cliEnvSchema = serviceEnvSchema
  .extend(sandboxEnvSchema.shape)
  .extend({
    /** The running embedded server's admin token (default: `<data>/admin.token`); checked by the server. */
    LEDGERSYNC_ADMIN_TOKEN: z.string().optional(),
  })
  .transform(withRunMode);
export type CliEnv = z.infer<typeof cliEnvSchema>;
export const loadCliEnv = (source?: Record<string, string | undefined>) => parseEnv(cliEnvSchema, source);
