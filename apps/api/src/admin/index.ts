export { ADMIN_CHALLENGE, presentedAdminToken, requireAdminToken } from './auth.js';
export { readinessRoute } from './readiness.js';
export { adminRoutes } from './routes.js';
export { ADMIN_TOKEN_FILE, type ResolvedAdminToken, resolveAdminToken } from './token.js';
