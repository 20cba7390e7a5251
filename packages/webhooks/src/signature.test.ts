import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, signedHeaders, verify, WebhookVerificationError } from './index.js';

describe('Standard Webhooks signatures', () => {
  const body = JSON.stringify({ id: 'evt_1', type: 'accounting.account.created', data: { name: 'Cash' } });
  const now = Math.floor(Date.now() / 1000);

  it('are accepted by the reference implementation', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const headers = signedHeaders([secret], 'evt_1', now, body);
    // The official `standardwebhooks` library is the independent judge of our signing.
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('carry one signature per secret during a rotation, each verifiable', () => {
    const oldSecret = generateWebhookSecret();
    const newSecret = generateWebhookSecret();
    const headers = signedHeaders([newSecret, oldSecret], 'evt_2', now, body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(oldSecret).verify(body, { ...headers })).not.toThrow();
    expect(() => verify(newSecret, { ...headers }, body)).not.toThrow();
  });

  it('reject a changed body, another secret, and an old timestamp', () => {
    const secret = generateWebhookSecret();
    const headers = { ...signedHeaders([secret], 'evt_3', now, body) };
    expect(() => verify(secret, headers, `${body} `)).toThrow(WebhookVerificationError);
    expect(() => verify(generateWebhookSecret(), headers, body)).toThrow(WebhookVerificationError);
    const stale = { ...signedHeaders([secret], 'evt_3', now - 3600, body) };
    expect(() => verify(secret, stale, body)).toThrow(/tolerance/);
  });
});
