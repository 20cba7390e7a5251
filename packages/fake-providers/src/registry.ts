import type { FastifyPluginAsync } from 'fastify';
import { createQuickbooksFake } from './quickbooks/index.js';
import type { QuickbooksFake, QuickbooksFakeOptions } from './quickbooks/index.js';
import type { ProviderFake } from './shared/types.js';
import { createPennylaneFake } from './pennylane/index.js';
import type { PennylaneFake, PennylaneFakeOptions } from './pennylane/index.js';
import { createSageFake } from './sage/index.js';
import type { SageFake, SageFakeOptions } from './sage/index.js';
import { createXeroFake } from './xero/index.js';
import { createZohoBooksFake } from './zohobooks/index.js';
import type { ZohoBooksFake, ZohoBooksFakeOptions } from './zohobooks/index.js';
import type { XeroFake, XeroFakeOptions } from './xero/index.js';

/** The providers that have a fake, which are also their mount paths. */
export const FAKE_PROVIDERS = ['quickbooks', 'xero', 'sage', 'zohobooks', 'pennylane'] as const;
export type FakeProviderSlug = (typeof FAKE_PROVIDERS)[number];

/** Options of {@link createFakeProviders}. */
export interface FakeProvidersOptions {
  /** Signs every fake's tokens (with keys separated per provider). */
  secret: string;
  /** One clock for every fake, epoch milliseconds. */
  now?: () => number;
  /** Where the fakes with numeric ids start their sequences (see QuickbooksFakeOptions.idsAfter). */
  idsAfter?: number;
  /** Per-provider settings (limits, client id, ...); the secret and clock above always win. */
  quickbooks?: Omit<QuickbooksFakeOptions, 'secret' | 'now'>;
  xero?: Omit<XeroFakeOptions, 'secret' | 'now'>;
  sage?: Omit<SageFakeOptions, 'secret' | 'now'>;
  zohobooks?: Omit<ZohoBooksFakeOptions, 'secret' | 'now'>;
  pennylane?: Omit<PennylaneFakeOptions, 'secret' | 'now'>;
}

/** Every provider fake, each by name and all by slug, and one plugin mounting each under `/<provider>`. */
export interface FakeProviders {
  quickbooks: QuickbooksFake;
  xero: XeroFake;
  sage: SageFake;
  zohobooks: ZohoBooksFake;
  pennylane: PennylaneFake;
  /** Every fake by its provider slug (look-ups by a caller's string may miss: check). */
  byProvider: Readonly<Record<string, ProviderFake>>;
  plugin: FastifyPluginAsync;
}

/**
 * Creates all provider fakes sharing one secret and clock. Mounting `plugin` at `/sandbox`
 * serves `/sandbox/quickbooks/...`, `/sandbox/xero/...`; each new provider adds a line here.
 */
export function createFakeProviders(options: FakeProvidersOptions): FakeProviders {
  const shared = { secret: options.secret, ...(options.now ? { now: options.now } : {}) };
  const ids = options.idsAfter === undefined ? {} : { idsAfter: options.idsAfter };
  const quickbooks = createQuickbooksFake({ ...options.quickbooks, ...shared, ...ids });
  const xero = createXeroFake({ ...options.xero, ...shared });
  const sage = createSageFake({ ...options.sage, ...shared });
  const zohobooks = createZohoBooksFake({ ...options.zohobooks, ...shared, ...ids });
  const pennylane = createPennylaneFake({ ...options.pennylane, ...shared, ...ids });
  const byProvider: Record<FakeProviderSlug, ProviderFake> = { quickbooks, xero, sage, zohobooks, pennylane };
  const plugin: FastifyPluginAsync = async (app) => {
    for (const slug of FAKE_PROVIDERS) await app.register(byProvider[slug].plugin, { prefix: `/${slug}` });
  };
  return { quickbooks, xero, sage, zohobooks, pennylane, byProvider, plugin };
}
