import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Harness } from '../test-support.js';
import { accountOf, BANK, COMPANY, harness, OTHER_COMPANY, SERVICES } from '../test-support.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

/** The ledgersync seed account as a client that forgets Pennylane's field names would send it. */
const SEED = {
  number: '1000',
  label: 'Cash',
  description: 'Main cash account for daily operations',
  currency: 'USD',
  current_balance: 10000,
};

describe('POST /api/external/v2/ledger_accounts', () => {
  it('answers 201 with the account as Pennylane shapes it: integer id, any VAT rate, FR, enabled, no timestamps', async () => {
    const created = await h.create(BANK);
    expect(created.statusCode).toBe(201);
    expect(created.headers['content-type']).toMatch(/^application\/json/);
    expect(created.json()).toEqual({ id: 1, number: '512100', label: 'Banque', vat_rate: 'any', country_alpha2: 'FR', enabled: true });
    expect(h.fake.accounts(COMPANY)).toEqual([created.json()]);
    const read = await h.read(1);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(created.json());
  });

  // Pennylane's reference: "If the number starts with 401 (supplier) or 411 (customer) a corresponding
  // supplier or company customer will also be created."
  it('also creates a supplier for a 401… number and a company customer for a 411… number, in that company only', async () => {
    const supplierAccount = accountOf(await h.create({ number: '401100', label: 'Fournisseur Dupont' }));
    const customerAccount = accountOf(await h.create({ number: '411200', label: 'Client Martin' }));
    await h.create(BANK);
    await h.create({ number: '4011', label: 'Fournisseurs divers' });
    expect(h.fake.suppliers(COMPANY)).toEqual([
      { id: 1, name: 'Fournisseur Dupont', ledger_account: { id: supplierAccount.id } },
      { id: 2, name: 'Fournisseurs divers', ledger_account: { id: 4 } },
    ]);
    expect(h.fake.companyCustomers(COMPANY)).toEqual([{ id: 1, name: 'Client Martin', ledger_account: { id: customerAccount.id } }]);
    expect(h.fake.suppliers(OTHER_COMPANY)).toEqual([]);
    // A refused create makes nothing; 40 and 41 alone are not 401 and 411.
    expect((await h.create({ number: '401100', label: 'Doublon' })).statusCode).toBe(422);
    await h.create({ number: '408', label: 'Factures non parvenues' });
    await h.create({ number: '419', label: 'Clients créditeurs' });
    expect(h.fake.suppliers(COMPANY)).toHaveLength(2);
    expect(h.fake.companyCustomers(COMPANY)).toHaveLength(1);
    h.fake.reset();
    expect(h.fake.suppliers(COMPANY)).toEqual([]);
  });

  it('stores the VAT rate and country sent, and numbers ids across companies', async () => {
    expect(accountOf(await h.create(SERVICES))).toEqual({ id: 1, ...SERVICES, enabled: true });
    const other = h.fake.mintTokens(OTHER_COMPANY).access_token;
    expect(accountOf(await h.create(BANK, { token: other })).id).toBe(2);
    expect(accountOf(await h.create({ number: '411', label: 'Clients', country_alpha2: 'BE' })).id).toBe(3);
    expect(h.fake.accounts(COMPANY).map((a) => [a.id, a.number, a.country_alpha2])).toEqual([
      [1, '706', 'FR'],
      [3, '411', 'BE'],
    ]);
  });

  it('drops keys Pennylane does not take: the seed is stored with its number and label only', async () => {
    const created = accountOf(await h.create(SEED));
    expect(created).toEqual({ id: 1, number: '1000', label: 'Cash', vat_rate: 'any', country_alpha2: 'FR', enabled: true });
    expect(h.fake.requests.at(-1)?.body).toEqual(SEED);
  });

  it('refuses unknown keys with 400 when configured to', async () => {
    const strict = await harness({ unknownKeys: 'reject' });
    try {
      const response = await strict.create(SEED);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'found unpermitted parameters: description, currency, current_balance', status: 400 });
      expect(strict.fake.accounts(COMPANY)).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  it('takes a JSON integer number as its digits, as Rails casts it, and adds timestamps when configured to', async () => {
    expect(accountOf(await h.create({ number: 512, label: 'Banques' })).number).toBe('512');
    const stamped = await harness({ timestamps: true });
    try {
      expect(accountOf(await stamped.create(BANK))).toMatchObject({
        created_at: '2025-06-01T19:00:00.000Z',
        updated_at: '2025-06-01T19:00:00.000Z',
      });
    } finally {
      await stamped.close();
    }
  });
});

describe('validation', () => {
  it.each([
    ['a missing number', { label: 'Banque' }, "Number can't be blank"],
    ['a blank label', { number: '512', label: '  ' }, "Label can't be blank"],
    ['an empty body', {}, "Number can't be blank, Label can't be blank"],
    ['a number with letters', { number: '10A0', label: 'Cash' }, 'Number must only contain digits'],
    ['a number with a dash', { number: '512-1', label: 'Banque' }, 'Number must only contain digits'],
    ['a number starting with 0', { number: '0512', label: 'Banque' }, 'Number must start with an account class from 1 to 9'],
    ['a VAT rate outside the list', { ...BANK, vat_rate: 'FR_999' }, 'Vat rate is not included in the list'],
    ['a lower-case country', { ...BANK, country_alpha2: 'fr' }, 'Country alpha2 is not included in the list'],
    [
      'several problems at once',
      { number: 'x', vat_rate: 'twenty' },
      "Number must only contain digits, Label can't be blank, Vat rate is not included in the list",
    ],
  ])('refuses %s with 422', async (_case, body, message) => {
    const response = await h.create(body);
    expect(response.statusCode).toBe(422);
    expect(response.json()).toEqual({ error: message, status: 422 });
    expect(h.fake.accounts(COMPANY)).toEqual([]);
  });

  it('reads no params from a body that is not JSON, so its fields are blank', async () => {
    const response = await h.create(undefined, { rawBody: 'number=512&label=Banque', headers: { 'content-type': 'text/plain' } });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toEqual({ error: "Number can't be blank, Label can't be blank", status: 422 });
  });

  it.each([
    ['malformed JSON', '{"number": "512",', 'The request body is not valid JSON'],
    ['an array', JSON.stringify([BANK]), 'The request body must be a JSON object'],
    ['a number for the label', JSON.stringify({ number: '512', label: 5 }), 'label must be a string'],
    ['an object for the VAT rate', JSON.stringify({ ...BANK, vat_rate: { rate: 20 } }), 'vat_rate must be a string'],
  ])('refuses %s with 400', async (_case, rawBody, message) => {
    const response = await h.create(undefined, { rawBody });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: message, status: 400 });
    expect(h.fake.accounts(COMPANY)).toEqual([]);
  });

  it('accepts every listed VAT rate and refuses one added only by configuration elsewhere', async () => {
    for (const [i, vat_rate] of ['any', 'FR_55', 'FR_1_05', 'exempt', 'intracom_100'].entries()) {
      expect((await h.create({ number: `70${i}`, label: `Ventes ${vat_rate}`, vat_rate })).statusCode).toBe(201);
    }
    expect((await h.create({ number: '709', label: 'Verkäufe', vat_rate: 'DE_190' })).statusCode).toBe(422);
    const german = await harness({ vatRates: ['any', 'DE_190'] });
    try {
      expect((await german.create({ number: '709', label: 'Verkäufe', vat_rate: 'DE_190' })).statusCode).toBe(201);
    } finally {
      await german.close();
    }
  });
});

describe('uniqueness', () => {
  it('refuses a number already used in the company, whatever the label', async () => {
    await h.create(BANK);
    const response = await h.create({ number: '512100', label: 'Autre banque' });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toEqual({ error: 'Number has already been taken', status: 422 });
    expect(h.fake.accounts(COMPANY)).toHaveLength(1);
  });

  it('lets a number repeat with another VAT rate when uniqueness is by number and VAT rate', async () => {
    const byRate = await harness({ uniqueBy: 'number-and-vat-rate' });
    try {
      expect((await byRate.create({ number: '706', label: 'Prestations de services' })).statusCode).toBe(201);
      expect((await byRate.create(SERVICES)).statusCode).toBe(201);
      expect((await byRate.create({ ...SERVICES, label: 'Encore' })).json()).toEqual({
        error: 'Number has already been taken',
        status: 422,
      });
      expect(byRate.fake.accounts(COMPANY).map((a) => a.vat_rate)).toEqual(['any', 'FR_200']);
    } finally {
      await byRate.close();
    }
  });
});
