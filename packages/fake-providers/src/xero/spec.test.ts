import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACCOUNT_TYPES } from './accounts/account-types.js';
import { XERO_SPEC_PATH, compileCreateAccountSpec, createAccountSpec } from './spec.js';

describe("the createAccount schema, from Xero's OpenAPI document", () => {
  it('is compiled from the package copy of the document, with $refs resolved', () => {
    const doc = parse(readFileSync(XERO_SPEC_PATH, 'utf8')) as {
      info: { version: string };
      components: { schemas: Record<string, { enum?: string[] }> };
    };
    expect(doc.info.version).toBe('16.1.0');
    const { schema } = createAccountSpec();
    const properties = schema.properties as Record<string, { title?: string; enum?: string[]; maxLength?: number }>;
    expect(schema.title).toBe('Account');
    expect(properties.Type).toMatchObject({ title: 'AccountType', enum: doc.components.schemas.AccountType?.enum });
    expect(properties.CurrencyCode?.enum).toEqual(doc.components.schemas.CurrencyCode?.enum);
    expect(properties.Name?.maxLength).toBe(150);
  });

  it('knows a Class for exactly the AccountType values the document lists', () => {
    const properties = createAccountSpec().schema.properties as Record<string, { enum?: string[] }>;
    expect([...ACCOUNT_TYPES].sort()).toEqual([...(properties.Type?.enum ?? [])].sort());
  });

  it('follows the document: a change to it changes what is accepted', () => {
    const text = readFileSync(XERO_SPEC_PATH, 'utf8').replace('        - PAYG\n', '        - PAYG\n        - CRYPTO\n');
    const edited = compileCreateAccountSpec(text);
    expect(edited.validate({ Code: '1', Name: 'x', Type: 'CRYPTO' })).toBe(true);
    expect(createAccountSpec().validate({ Code: '1', Name: 'x', Type: 'CRYPTO' })).toBe(false);
  });

  it('refuses a document whose PUT /Accounts is not createAccount', () => {
    const text = readFileSync(XERO_SPEC_PATH, 'utf8').replace('operationId: createAccount\n', 'operationId: somethingElse\n');
    expect(() => compileCreateAccountSpec(text)).toThrow(/createAccount/);
  });
});
