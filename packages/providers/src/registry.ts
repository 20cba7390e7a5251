import { isPushedObject } from '@ledgersync/unified';
import { pennylaneAccounts } from './pennylane/accounts.js';
import { pennylane } from './pennylane/descriptor.js';
import { pennylaneAccountReader } from './pennylane/pull-accounts.js';
import { pennylaneTrackingReader } from './pennylane/pull-categories.js';
import { pennylaneCompanyReader } from './pennylane/pull-company.js';
import { quickbooksAccounts } from './quickbooks/accounts.js';
import { quickbooksAccountsPull } from './quickbooks/accounts-pull.js';
import { quickbooksCompanyInfoPull } from './quickbooks/company-info.js';
import { quickbooks } from './quickbooks/descriptor.js';
import { quickbooksTaxRatesPull } from './quickbooks/tax-rates.js';
import { quickbooksTrackingCategoriesPull } from './quickbooks/tracking-categories.js';
import { sageAccounts } from './sage/accounts.js';
import { sageAccountReader } from './sage/accounts-reader.js';
import { sageCompanyInfoReader } from './sage/company-info.js';
import { sage } from './sage/descriptor.js';
import { sageTaxRateReader } from './sage/tax-rates.js';
import { sageTrackingCategoryReader } from './sage/tracking-categories.js';
import type {
  Direction,
  ObjectName,
  ObjectTypes,
  Provider,
  ProviderDescriptor,
  PullCapabilities,
  PulledFields,
  PulledObjectName,
  PullHandler,
  PushedObject,
  PushHandler,
} from './types.js';
import { xeroAccounts } from './xero/accounts.js';
import { xeroAccountsPull } from './xero/accounts-pull.js';
import { xeroCompanyInfoPull } from './xero/company-info.js';
import { xero } from './xero/descriptor.js';
import { xeroTaxRatesPull } from './xero/tax-rates.js';
import { xeroTrackingCategoriesPull } from './xero/tracking-categories.js';
import { zohobooksAccounts } from './zohobooks/accounts.js';
import { zohobooks } from './zohobooks/descriptor.js';
import { zohobooksAccountReader } from './zohobooks/pull-accounts.js';
import { zohobooksCompanyReader } from './zohobooks/pull-company.js';
import { zohobooksTrackingReader } from './zohobooks/pull-tags.js';
import { zohobooksTaxRateReader } from './zohobooks/pull-taxes.js';

/**
 * Every provider ledgersync talks to, with its code per object and direction. Adding a provider:
 * its folder, plus one line here; adding an object to one: its file, its descriptor data, and its
 * handler on that line. The descriptor says what a direction takes, this says who does it.
 */
const providers: Record<string, Provider> = {
  quickbooks: {
    descriptor: quickbooks,
    objects: { account: { push: quickbooksAccounts } },
    pulls: {
      account: quickbooksAccountsPull,
      companyinfo: quickbooksCompanyInfoPull,
      taxrate: quickbooksTaxRatesPull,
      trackingcategory: quickbooksTrackingCategoriesPull,
    },
  },
  xero: {
    descriptor: xero,
    objects: { account: { push: xeroAccounts } },
    pulls: {
      account: xeroAccountsPull,
      companyinfo: xeroCompanyInfoPull,
      taxrate: xeroTaxRatesPull,
      trackingcategory: xeroTrackingCategoriesPull,
    },
  },
  sage: {
    descriptor: sage,
    objects: { account: { push: sageAccounts } },
    pulls: {
      companyinfo: sageCompanyInfoReader,
      account: sageAccountReader,
      taxrate: sageTaxRateReader,
      trackingcategory: sageTrackingCategoryReader,
    },
  },
  zohobooks: {
    descriptor: zohobooks,
    objects: { account: { push: zohobooksAccounts } },
    pulls: {
      companyinfo: zohobooksCompanyReader,
      account: zohobooksAccountReader,
      taxrate: zohobooksTaxRateReader,
      trackingcategory: zohobooksTrackingReader,
    },
  },
  pennylane: {
    descriptor: pennylane,
    objects: { account: { push: pennylaneAccounts } },
    pulls: { companyinfo: pennylaneCompanyReader, account: pennylaneAccountReader, trackingcategory: pennylaneTrackingReader },
  },
};

export const PROVIDER_SLUGS = Object.keys(providers);

export function findDescriptor(slug: string): ProviderDescriptor | undefined {
  return providers[slug]?.descriptor;
}

export function getDescriptor(slug: string): ProviderDescriptor {
  const descriptor = findDescriptor(slug);
  if (!descriptor) throw new Error(`unknown provider "${slug}" (known: ${PROVIDER_SLUGS.join(', ')})`);
  return descriptor;
}

/**
 * Whether `provider` does `object` in `direction`: its descriptor says what the direction takes
 * and it has the code for it (registry.test.ts checks that the two never disagree).
 */
export function supports(provider: string, object: ObjectName, direction: Direction): boolean {
  const entry = providers[provider];
  if (direction === 'pull') return findPullHandler(provider, object as PulledObjectName) !== undefined;
  if (!isPushed(object)) return false;
  return entry?.descriptor.objects[object]?.push !== undefined && entry.objects[object]?.push !== undefined;
}

/** The code that reads `object` at `provider` (its list, and its change feed where it has one), or undefined. */
export function findPullHandler<O extends PulledObjectName>(provider: string, object: O): PullHandler<PulledFields[O]> | undefined {
  const entry = providers[provider];
  if (!entry?.descriptor.pulls?.[object]) return undefined;
  return entry.pulls?.[object] as PullHandler<PulledFields[O]> | undefined;
}

/** How `provider` reads `object` (page size, change feed, removals), or undefined when it does not. */
export function findPullCapabilities(provider: string, object: PulledObjectName): PullCapabilities | undefined {
  return findPullHandler(provider, object) ? providers[provider]?.descriptor.pulls?.[object] : undefined;
}

/** The objects `provider` reads, in the order a full pull takes them (company first: limits depend on it). */
export function pulledObjectsOf(provider: string): PulledObjectName[] {
  const order: PulledObjectName[] = ['companyinfo', 'account', 'taxrate', 'trackingcategory'];
  return order.filter((object) => findPullHandler(provider, object) !== undefined);
}

/** The code that creates `object` at `provider`, or undefined when it does not push that object. */
// The unified registry's pushed objects are the ones ObjectTypes gives a push record type.
const isPushed = (object: string): object is PushedObject => isPushedObject(object);

export function findPushHandler<O extends PushedObject>(provider: string, object: O): PushHandler<ObjectTypes[O]['record']> | undefined {
  return supports(provider, object, 'push') ? providers[provider]?.objects[object]?.push : undefined;
}

/** What the intake checks a push of `object` to `provider` against, or undefined when it does not push that object. */
export function findPushCapabilities<O extends PushedObject>(provider: string, object: O): ObjectTypes[O]['push'] | undefined {
  return supports(provider, object, 'push') ? providers[provider]?.descriptor.objects[object]?.push : undefined;
}

/** {@link findPushCapabilities}, for callers that know the provider takes the object (tests, bench). */
export function getPushCapabilities<O extends PushedObject>(provider: string, object: O): ObjectTypes[O]['push'] {
  const capabilities = findPushCapabilities(provider, object);
  if (!capabilities) throw new Error(`${provider} does not push ${object} (or is unknown: ${PROVIDER_SLUGS.join(', ')})`);
  return capabilities;
}
