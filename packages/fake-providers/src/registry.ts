import type { FastifyPluginAsync } from 'fastify';
import { createQuickbooksFake } from './quickbooks/index.js';
import type { QuickbooksFake } from './quickbooks/index.js';

/** Every provider fake, and one plugin mounting each under `/<provider>`. */
export interface FakeProviders {
  quickbooks: QuickbooksFake;
  plugin: FastifyPluginAsync;
}

/**
 * Creates all provider fakes sharing one secret and clock. Mounting `plugin` at `/sandbox`
 * serves `/sandbox/quickbooks/...`; each future provider adds one line here.
 */
export function createFakeProviders(options: { secret: string; now?: () => number }): FakeProviders {
  const shared = { secret: options.secret, ...(options.now ? { now: options.now } : {}) };
  const quickbooks = createQuickbooksFake(shared);
  const plugin: FastifyPluginAsync = async (app) => {
    await app.register(quickbooks.plugin, { prefix: '/quickbooks' });
  };
  return { quickbooks, plugin };
}
