export { type Keys, keysFromEnv } from './cipher.js';
export {
  ConfigurationError,
  dataDir,
  intSetting,
  loadEnvOrExit,
  parseEnv,
  publicUrl,
  queueSettingsFromEnv,
  type ServiceEnv,
  sandboxEnvSchema,
  serviceEnvSchema,
} from './env.js';
export { createLogger, type Logger, prettyLogs, REDACTED_PATHS } from './logger.js';
export { onShutdownSignal } from './shutdown.js';
export { startOrExit } from './startup.js';
