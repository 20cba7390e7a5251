import { describe, expect, it } from 'vitest';
import { blockedAddressReason, checkWebhookTarget } from './index.js';

describe('blockedAddressReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT (100.64.0.0/10)'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['::7f00:1', 'IPv4-compatible'],
    ['64:ff9b::7f00:1', 'NAT64 (IPv4-embedded)'],
    ['2002:7f00:1::', '6to4 (IPv4-embedded)'],
    ['fc00::1', 'unique local (fc00::/7)'],
    ['fd12:3456::1', 'unique local (fc00::/7)'],
    ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'],
  ])('refuses %s (%s)', (address, reason) => {
    expect(blockedAddressReason(address)).toBe(reason);
  });

  it.each(['8.8.8.8', '93.184.215.14', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('lets the public address %s through', (address) => {
    expect(blockedAddressReason(address)).toBeNull();
  });
});

describe('checkWebhookTarget (registration)', () => {
  const strict = { allowPrivateTargets: false };

  it.each([
    'http://127.0.0.1:8080/hooks',
    'http://0x7f.1/hooks',
    'http://2130706433/hooks',
    'http://[::1]/hooks',
    'http://[::ffff:7f00:1]/hooks',
    'http://169.254.169.254/latest/meta-data/',
    'https://10.0.0.5/hooks',
    'https://100.100.100.100/hooks',
    'http://localhost:3000/hooks',
    'http://api.localhost/hooks',
  ])('refuses %s', (url) => {
    const check = checkWebhookTarget(url, strict);
    expect(check.ok).toBe(false);
  });

  it('refuses other schemes whatever the policy', () => {
    for (const url of ['ftp://example.com/x', 'file:///etc/passwd', 'gopher://127.0.0.1:6379/_', 'not a url']) {
      expect(checkWebhookTarget(url, { allowPrivateTargets: true }).ok).toBe(false);
    }
  });

  it('accepts public literals and names (names are judged again at connect time)', () => {
    for (const url of ['https://8.8.8.8/hooks', 'https://hooks.example.com/ledgersync', 'http://[2606:4700::1111]:8443/x']) {
      expect(checkWebhookTarget(url, strict).ok).toBe(true);
    }
  });

  it('accepts private targets when the setting allows them', () => {
    expect(checkWebhookTarget('http://127.0.0.1:8080/hooks', { allowPrivateTargets: true }).ok).toBe(true);
  });

  it('names the address and its range in the reason', () => {
    expect(checkWebhookTarget('http://169.254.169.254/', strict)).toEqual({
      ok: false,
      reason: '169.254.169.254 is a link-local address; webhooks go to public addresses only',
    });
  });
});
