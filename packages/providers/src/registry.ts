import { pennylaneAdapter } from './pennylane/adapter.js';
import { quickbooksAdapter } from './quickbooks/adapter.js';
import { sageAdapter } from './sage/adapter.js';
import type { ProviderAdapter, ProviderDescriptor } from './types.js';
import { xeroAdapter } from './xero/adapter.js';
import { zohobooksAdapter } from './zohobooks/adapter.js';

/** Every provider ledgersync can push to. Adding one: its folder, plus one line here. */
const adapters: Record<string, ProviderAdapter> = {
  quickbooks: quickbooksAdapter,
  xero: xeroAdapter,
  sage: sageAdapter,
  zohobooks: zohobooksAdapter,
  pennylane: pennylaneAdapter,
};

export const PROVIDER_SLUGS = Object.keys(adapters);

export function findAdapter(slug: string): ProviderAdapter | undefined {
  return adapters[slug];
}

export function getAdapter(slug: string): ProviderAdapter {
  const adapter = adapters[slug];
  if (!adapter) throw new Error(`unknown provider "${slug}" (known: ${PROVIDER_SLUGS.join(', ')})`);
  return adapter;
}

export function getDescriptor(slug: string): ProviderDescriptor {
  return getAdapter(slug).descriptor;
}
