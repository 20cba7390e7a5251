import { describe, expect, it } from 'vitest';
import {
  findDescriptor,
  findPushCapabilities,
  findPushHandler,
  getDescriptor,
  getPushCapabilities,
  PROVIDER_SLUGS,
  supports,
} from './registry.js';
import type { PushedObject } from './types.js';

const OBJECTS: PushedObject[] = ['account'];

describe('the provider registry', () => {
  it('lists the five providers, each under its own slug', () => {
    expect(PROVIDER_SLUGS).toEqual(['quickbooks', 'xero', 'sage', 'zohobooks', 'pennylane']);
    for (const slug of PROVIDER_SLUGS) expect(getDescriptor(slug).slug).toBe(slug);
  });

  it.each(PROVIDER_SLUGS)('%s: pushes accounts, pulls nothing yet', (provider) => {
    expect(supports(provider, 'account', 'push')).toBe(true);
    expect(supports(provider, 'account', 'pull')).toBe(false);
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
