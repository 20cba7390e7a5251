export { type Keys, keysFromEnv } from './cipher.js';
export { type DataFolder, dataFolder } from './data-folder.js';
export {
  ConfigurationError,
  dataDir,
  intSetting,
  loadEnvOrExit,
  parseEnv,
  publicUrl,
  queueSettingsFromEnv,
  type RunMode,
  type ServiceEnv,
  sandboxEnvSchema,
  serviceEnvSchema,
  serviceSettingsSchema,
  withRunMode,
} from './env.js';
export { createLogger, type Logger, prettyLogs, redaction } from './logger.js';
export { redactSecrets } from './redaction.js';
export { claimDataFolder, type DataFolderClaim, DataFolderInUse, findRunningServer, type RunningServer } from './running-server.js';
export { handOverToServerMode, onShutdownSignal } from './shutdown.js';
export { needing, ServiceUnreachable, serviceAddress, startOrExit } from './startup.js';
