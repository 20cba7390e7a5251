export { adminCliRoutes } from './admin-endpoint.js';
export { embeddedModeWanted, startupBanner } from './mode.js';
export { type EmbeddedOptions, type EmbeddedServer, startEmbedded } from './start.js';
