import { XeroError, postDataInvalid, validationException } from '../answers.js';
import { MESSAGES } from './messages.js';
import { describeSchemaErrors } from './schema-problems.js';
import { createAccountSpec } from '../spec.js';
import type { XeroFakeOptions } from '../types.js';

/** The writable Account fields the fake uses, after schema validation; absent when not sent. */
export interface AccountInput {
  Code?: string;
  Name?: string;
  Type?: string;
  Description?: string;
  TaxType?: string;
  BankAccountNumber?: string;
  BankAccountType?: string;
  CurrencyCode?: string;
  /** ACTIVE, ARCHIVED or DELETED (the schema's enum); only ACTIVE is taken on a create. */
  Status?: string;
  ReportingCode?: string;
  EnablePaymentsToAccount?: boolean;
  ShowInExpenseClaims?: boolean;
  AddToWatchlist?: boolean;
}

/** A create body that deserialised: what the business rules check, and what an error echoes back. */
export interface ParsedAccount {
  input: AccountInput;
  /** The account as sent (schema properties only, as Xero's deserialiser keeps them), for ValidationException elements. */
  element: Record<string, unknown>;
  /** Schema problems Xero reports as validation errors (too long, or all of them in `validation-exception` style). */
  schemaMessages: string[];
}

const STRINGS = [
  'Code',
  'Name',
  'Type',
  'Description',
  'TaxType',
  'BankAccountNumber',
  'BankAccountType',
  'CurrencyCode',
  'Status',
  'ReportingCode',
] as const;
const BOOLEANS = ['EnablePaymentsToAccount', 'ShowInExpenseClaims', 'AddToWatchlist'] as const;
const EMPTY_ID = '00000000-0000-0000-0000-000000000000';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function extract(account: Record<string, unknown>): AccountInput {
  const input: AccountInput = {};
  for (const key of STRINGS) {
    const value = account[key];
    if (typeof value === 'string') input[key] = value;
  }
  for (const key of BOOLEANS) {
    const value = account[key];
    if (typeof value === 'boolean') input[key] = value;
  }
  return input;
}

/**
 * Reads a createAccount (or updateAccount) body as Xero does: JSON only, one Account either bare or as the first of an
 * `{"Accounts": [...]}` wrapper, `null` values treated as absent (JSON.NET leaves them unset),
 * validated against the OpenAPI document's Account schema. Throws a {@link XeroError} with Xero's
 * answer when the body is empty, is not JSON, or does not deserialise.
 */
export function parseCreateBody(text: string | undefined, style: NonNullable<XeroFakeOptions['schemaErrorStyle']>): ParsedAccount {
  if (text === undefined || text.trim() === '') throw new XeroError(validationException(undefined, MESSAGES.noData));
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new XeroError(postDataInvalid(`Unexpected character encountered while parsing value: ${(error as Error).message}`));
  }
  let account = body;
  let prefix = '';
  if (isRecord(body) && Array.isArray(body.Accounts)) {
    // Xero takes one account per request; of a list it processes the first.
    if (body.Accounts.length === 0) throw new XeroError(validationException(undefined, MESSAGES.noData));
    account = body.Accounts[0];
    prefix = 'Accounts[0]';
  }
  if (isRecord(account)) account = Object.fromEntries(Object.entries(account).filter(([, value]) => value !== null));

  const spec = createAccountSpec();
  const valid = spec.validate(account);
  const problems = valid
    ? { deserialization: [], constraints: [] }
    : describeSchemaErrors(spec.validate.errors ?? [], isRecord(account) ? Object.keys(account) : [], prefix);
  const first = problems.deserialization[0];
  if (first !== undefined && (style === 'post-data-invalid' || !isRecord(account))) throw new XeroError(postDataInvalid(first));
  if (!isRecord(account))
    throw new XeroError(
      postDataInvalid(
        `Error converting value ${JSON.stringify(account)} to type 'Xero.API.Library.DataContracts.Account'. Path '${prefix}'.`,
      ),
    );

  const known = (spec.schema.properties ?? {}) as Record<string, unknown>;
  const element: Record<string, unknown> = { AccountID: EMPTY_ID };
  for (const [key, value] of Object.entries(account)) if (key in known && key !== 'AccountID') element[key] = value;
  return { input: extract(account), element, schemaMessages: [...problems.deserialization, ...problems.constraints] };
}
