import { parseEnv, sandboxEnvSchema, serviceEnvSchema } from '@ledgersync/runtime';
import type { z } from 'zod';

export const cliEnvSchema = serviceEnvSchema.extend(sandboxEnvSchema.shape);
export type CliEnv = z.infer<typeof cliEnvSchema>;
export const loadCliEnv = (source?: Record<string, string | undefined>) => parseEnv(cliEnvSchema, source);
