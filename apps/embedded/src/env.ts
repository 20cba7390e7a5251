import { type ApiEnv, loadApiEnv } from '@ledgersync/api';
import { loadWorkerEnv, type WorkerEnv } from '@ledgersync/worker';

/**
 * The embedded mode's settings: the API's and the workers' own, each parsed by its app's env
 * module, plus what the defaults hide and the embedded mode must know.
 */
export interface EmbeddedSettings {
  api: ApiEnv;
  worker: WorkerEnv;
  /** PUBLIC_URL was set: kept as given, while with PORT=0 the default follows the port taken. */
  publicUrlGiven: boolean;
  /** API_RATE_LIMIT was set to a limit: it needs Redis, which the embedded mode has not, so it is said. */
  rateLimitGiven: boolean;
}

export function loadEmbeddedSettings(source: Record<string, string | undefined> = process.env): EmbeddedSettings {
  return {
    api: loadApiEnv(source),
    worker: loadWorkerEnv(source),
    publicUrlGiven: Boolean(source.PUBLIC_URL),
    rateLimitGiven: Boolean(source.API_RATE_LIMIT) && source.API_RATE_LIMIT !== 'off',
  };
}
