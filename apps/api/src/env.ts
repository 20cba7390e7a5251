import { intSetting, parseEnv, publicUrl, sandboxEnvSchema, serviceEnvSchema, withRunMode } from '@ledgersync/runtime';
import { z } from 'zod';
import { apiRateLimitSetting } from './rate-limit.js';

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
    /** Let webhook URLs name loopback, private and link-local addresses (default: everywhere but production). */
    WEBHOOK_ALLOW_PRIVATE_TARGETS: z.enum(['true', 'false']).optional(),
    /** Hours a rotated webhook secret keeps signing beside the new one. */
    WEBHOOK_SECRET_OVERLAP_HOURS: intSetting(24, 0),
    /** Requests per API key across every API process: LIMIT/PERIOD, or off. */
    API_RATE_LIMIT: apiRateLimitSetting,
  })
  .transform((env) => ({
    ...withRunMode(env),
    PUBLIC_URL: publicUrl(env),
    SANDBOX: env.SANDBOX ? env.SANDBOX === 'true' : env.NODE_ENV !== 'production',
    WEBHOOK_ALLOW_PRIVATE_TARGETS: env.WEBHOOK_ALLOW_PRIVATE_TARGETS ? env.WEBHOOK_ALLOW_PRIVATE_TARGETS === 'true' : env.NODE_ENV !== 'production',
  }));

export type ApiEnv = z.infer<typeof apiEnvSchema>;

export const loadApiEnv = (source?: Record<string, string | undefined>) => parseEnv(apiEnvSchema, source);
