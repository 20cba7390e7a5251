export { adminCliRoutes } from './admin-endpoint.js';
export { type DataFolder, dataFolder } from './data-folder.js';
export { embeddedModeWanted, startupBanner } from './mode.js';
export { claimDataFolder, type DataFolderClaim, DataFolderInUse, findRunningServer, type RunningServer } from './running-server.js';
export { type EmbeddedOptions, type EmbeddedServer, startEmbedded } from './start.js';
