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
  })
  .transform((env) => ({
    ...env,
    PUBLIC_URL: publicUrl(env),
    SANDBOX: env.SANDBOX ? env.SANDBOX === 'true' : env.NODE_ENV !== 'production',
  }));

export type ApiEnv = z.infer<typeof apiEnvSchema>;

export const loadApiEnv = (source?: Record<string, string | undefined>) => parseEnv(apiEnvSchema, source);
