export { adminCliRoutes } from './admin-endpoint.js';
export { startupBanner } from './mode.js';
export { type EmbeddedOptions, type EmbeddedServer, startEmbedded } from './start.js';
