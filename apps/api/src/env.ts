import { intSetting, parseEnv, publicUrl, sandboxEnvSchema, serviceEnvSchema } from '@ledgersync/runtime';
import { z } from 'zod';

export const apiEnvSchema = serviceEnvSchema
  .extend(sandboxEnvSchema.shape)
  .extend({
    HOST: z.string().default('127.0.0.1'),
    /** Serve the provider fakes under /sandbox (default: everywhere but production). */
    SANDBOX: z.enum(['true', 'false']).optional(),
    /** Largest accepted request body. */
    BODY_LIMIT_BYTES: intSetting(1024 * 1024, 1024),
    /** Guards /admin: HTTP Basic (any user, the token as password) or Bearer. Unset: generated under LEDGERSYNC_DATA_DIR in development; admin routes off in production. */
    LEDGERSYNC_ADMIN_TOKEN: z.string().min(16).optional(),
  })
  .transform((env) => ({
    ...env,
    PUBLIC_URL: publicUrl(env),
    SANDBOX: env.SANDBOX ? env.SANDBOX === 'true' : env.NODE_ENV !== 'production',
  }));

export type ApiEnv = z.infer<typeof apiEnvSchema>;

export const loadApiEnv = (source?: Record<string, string | undefined>) => parseEnv(apiEnvSchema, source);
