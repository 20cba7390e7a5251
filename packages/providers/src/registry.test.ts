import { describe, expect, it } from 'vitest';
import {
  findDescriptor,
  findPullCapabilities,
  findPullHandler,
  findPushCapabilities,
  findPushHandler,
  getDescriptor,
  getPushCapabilities,
  PROVIDER_SLUGS,
  pulledObjectsOf,
  supports,
} from './registry.js';
import type { PulledObjectName, PushedObject } from './types.js';

const PULLED: PulledObjectName[] = ['account', 'companyinfo', 'taxrate', 'trackingcategory'];

const OBJECTS: PushedObject[] = ['account'];

describe('the provider registry', () => {
  it('lists the five providers, each under its own slug', () => {
    expect(PROVIDER_SLUGS).toEqual(['quickbooks', 'xero', 'sage', 'zohobooks', 'pennylane']);
    for (const slug of PROVIDER_SLUGS) expect(getDescriptor(slug).slug).toBe(slug);
  });

  it.each(PROVIDER_SLUGS)('%s: pushes accounts, pulls them when its descriptor says so', (provider) => {
    expect(supports(provider, 'account', 'push')).toBe(true);
    expect(supports(provider, 'account', 'pull')).toBe(getDescriptor(provider).pulls?.account !== undefined);
    expect(findPushHandler(provider, 'account')?.create).toBeTypeOf('function');
    expect(findPushCapabilities(provider, 'account')?.provider).toBe(provider);
  });

  it.each(PROVIDER_SLUGS)('%s: a push the descriptor declares has its code, and no code is undeclared', (provider) => {
    const descriptor = getDescriptor(provider);
    for (const object of OBJECTS) {
      const declared = descriptor.objects[object]?.push !== undefined;
      expect(findPushHandler(provider, object) !== undefined, object).toBe(declared);
    }
  });

  it.each(PROVIDER_SLUGS)('%s: a pull the descriptor declares has its reader, and no reader is undeclared', (provider) => {
    const declared = getDescriptor(provider).pulls ?? {};
    for (const object of PULLED) {
      expect(findPullHandler(provider, object) !== undefined, object).toBe(declared[object] !== undefined);
      expect(findPullCapabilities(provider, object)).toBe(findPullHandler(provider, object) ? declared[object] : undefined);
    }
  });

  it('QuickBooks reads the four objects, the company first, with a change feed for accounts and tracking categories', () => {
    expect(pulledObjectsOf('quickbooks')).toEqual(['companyinfo', 'account', 'taxrate', 'trackingcategory']);
    expect(findPullHandler('quickbooks', 'account')?.changes).toBeTypeOf('function');
    expect(findPullCapabilities('quickbooks', 'taxrate')).toMatchObject({ changes: 'none', pageSize: 1000 });
  });

  it.each(PROVIDER_SLUGS)('%s: a provider without an idempotency key looks a record up before re-sending it', (provider) => {
    if (getDescriptor(provider).idempotency.kind !== 'none') return;
    expect(findPushHandler(provider, 'account')?.find).toBeTypeOf('function');
  });

  it('knows nothing of an unknown provider', () => {
    expect(findDescriptor('freshbooks')).toBeUndefined();
    expect(supports('freshbooks', 'account', 'push')).toBe(false);
    expect(findPushHandler('freshbooks', 'account')).toBeUndefined();
    expect(findPushCapabilities('freshbooks', 'account')).toBeUndefined();
    expect(() => getDescriptor('freshbooks')).toThrow(/unknown provider "freshbooks"/);
    expect(() => getPushCapabilities('freshbooks', 'account')).toThrow(/freshbooks does not push account/);
  });
});
