import {
  ACCOUNT_STATUSES,
  ACCOUNT_WARNING_CODES,
  ACCOUNT_TYPE_NAMES,
  type AccountOutput,
  accountInputSchema,
  CLASSIFICATIONS,
  SYNC_STATUSES,
  EXAMPLE_ACCOUNT,
  EXAMPLE_COMPANY_INFO_ID,
  JsonNumber,
} from '@ledgersync/unified';
import { z } from 'zod';

const words = (values: readonly string[]) => values.map((value) => `\`${value}\``).join(', ');

/** Panora's field descriptions, with the vocabulary ledgersync fixes where Panora leaves it free. */
const FIELDS = {
  name: { description: 'The name of the account.', examples: [EXAMPLE_ACCOUNT.name] },
  description: { description: 'A description of the account.', examples: [EXAMPLE_ACCOUNT.description] },
  classification: {
    description: `The classification of the account: ${words(CLASSIFICATIONS)} (any case); derived from \`type\` when omitted.`,
    examples: [EXAMPLE_ACCOUNT.classification],
  },
  type: { description: `The type of the account: ${words(ACCOUNT_TYPE_NAMES)} (any case).`, examples: [EXAMPLE_ACCOUNT.type] },
  status: { description: `The status of the account: ${words(ACCOUNT_STATUSES)} (any case).`, examples: [EXAMPLE_ACCOUNT.status] },
  current_balance: {
    description:
      'The current balance of the account, a JSON number kept to its digits (stored as a decimal, never a float): at most as many decimals as the currency has, and as many digits as the provider takes (422 otherwise).',
    examples: [EXAMPLE_ACCOUNT.current_balance],
  },
  currency: { description: 'The currency of the account, a three-letter ISO 4217 code.', examples: [EXAMPLE_ACCOUNT.currency] },
  account_number: { description: 'The account number.', examples: [EXAMPLE_ACCOUNT.account_number] },
  parent_account: {
    description:
      "The id of the parent account, an account of the same connection; sent as the parent's remote id once the parent is at the provider.",
    examples: [EXAMPLE_COMPANY_INFO_ID],
  },
  company_info_id: {
    description: 'The id of the associated company info; stored and returned, never sent to a provider.',
    examples: [EXAMPLE_COMPANY_INFO_ID],
  },
  field_mappings: {
    description:
      '`{slug: value}`: each slug is sent as the provider field the connection maps it to (`PUT /connection/field_mappings/{slug}`).',
    examples: [{ cost_center: 'CC-42' }],
  },
} as const;

/** Each input field's examples, for the fields zod leaves them out of (transform.ts). */
export const ACCOUNT_INPUT_EXAMPLES: Record<string, readonly unknown[]> = Object.fromEntries(
  Object.entries(FIELDS).flatMap(([field, meta]) => ('examples' in meta ? [[field, meta.examples]] : [])),
);

/**
 * The create's example body in the document: Panora's example without `parent_account` and
 * `field_mappings`, which name an account and mappings a fresh connection does not have (422).
 */
export const DOCS_EXAMPLE_ACCOUNT = { ...EXAMPLE_ACCOUNT, company_info_id: EXAMPLE_COMPANY_INFO_ID };

/*
 * The request schema is packages/unified's (it validates every create); its name and descriptions
 * are attached here, in zod's registry, so the document shows them without a second schema.
 */
z.globalRegistry.add(accountInputSchema, { id: 'UnifiedAccountingAccountInput', description: 'An account to create, as Panora takes it.' });
for (const [field, meta] of Object.entries(FIELDS)) {
  z.globalRegistry.add(accountInputSchema.shape[field as keyof typeof FIELDS], meta);
}

const dateTime = () => z.string().meta({ format: 'date-time' });

const syncErrorSchema = z
  .object({
    code: z.string().meta({ examples: ['provider_rejected'] }),
    message: z.string(),
    provider_code: z
      .string()
      .optional()
      .meta({ description: "The provider's own error code, when it gave one.", examples: ['6240'] }),
  })
  .meta({ id: 'SyncError', description: 'What went wrong on the last push.' });

const syncSchema = z
  .object({
    status: z.enum(SYNC_STATUSES).meta({ description: '`pending` → `pushing` → `synced` | `failed`.' }),
    attempts: z.number().int().meta({ description: 'Pushes tried so far.' }),
    last_error: syncErrorSchema.nullable(),
    last_attempt_at: dateTime().nullable(),
    synced_at: dateTime().nullable().meta({ description: 'When the provider confirmed the account.' }),
  })
  .meta({ id: 'AccountSync', description: "The push to the provider: ledgersync's addition to Panora's account." });

const warningSchema = z
  .object({
    field: z.string(),
    code: z.enum(ACCOUNT_WARNING_CODES).meta({
      description:
        '`not_sent`: the provider has no place for the value: stored and returned, not sent. `side_effect`: the provider will create more than the account (Pennylane: a supplier for a 401… number, a company customer for a 411… number).',
    }),
    message: z.string(),
  })
  .meta({ id: 'AccountWarning', description: 'Something the client should know about how the provider takes the account.' });

const nullableString = (field: keyof typeof FIELDS) => z.string().nullable().meta(FIELDS[field]);

/** `UnifiedAccountingAccountOutput`: Panora's fields, then `sync` and `warnings` (clients written for Panora ignore them). */
export const accountOutputSchema = z
  .object({
    id: z
      .string()
      .meta({ format: 'uuid', description: 'The id of the account record.', examples: ['0199a3c4-5b6e-7f80-9a1b-2c3d4e5f6a7b'] }),
    name: nullableString('name'),
    description: nullableString('description'),
    classification: nullableString('classification'),
    type: nullableString('type'),
    status: nullableString('status'),
    // The stored digits, written as a bare JSON number by the exact serializer (exact-json.ts).
    current_balance: z.instanceof(JsonNumber).meta({ type: 'number' }).nullable().meta(FIELDS.current_balance),
    currency: nullableString('currency'),
    account_number: nullableString('account_number'),
    parent_account: nullableString('parent_account'),
    company_info_id: nullableString('company_info_id'),
    field_mappings: z.record(z.string(), z.unknown()).nullable().meta(FIELDS.field_mappings),
    remote_id: z
      .string()
      .nullable()
      .meta({ description: "The account's id at the provider, once pushed.", examples: ['1'] }),
    // Whatever JSON the provider answered (an object from every provider so far): not checked here.
    remote_data: z.unknown().meta({
      type: ['object', 'null'],
      description: "The provider's raw answer to the push; null unless `remote_data=true` was asked for.",
    }),
    created_at: dateTime().meta({ description: 'When the account was received.' }),
    modified_at: dateTime().meta({ description: 'When the account last changed.' }),
    sync: syncSchema,
    warnings: z.array(warningSchema),
    // Optional for the answers an Idempotency-Key replays, stored before these fields existed.
    origin: z
      .enum(['pulled', 'pushed'])
      .optional()
      .meta({
        description:
          '`pulled`: found at the provider; `pushed`: created through ledgersync. Absent from a replay of an answer stored before it was added.',
      }),
    remote_deleted_at: dateTime()
      .nullable()
      .optional()
      .meta({ description: 'When the provider deleted or archived the account (it is kept); null while the provider has it.' }),
  })
  .meta({ id: 'UnifiedAccountingAccountOutput', description: 'An account, as Panora returns it, with its push state.' });

// Checked by tsc: every AccountOutput is a valid answer, and no field of it is missing here (a
// field the schema lacks would be stripped from answers without a word).
type SameKeys<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never] ? true : false;
type Documented = z.output<typeof accountOutputSchema>;
true satisfies AccountOutput extends Documented ? true : false;
true satisfies SameKeys<AccountOutput, Documented>;
true satisfies SameKeys<AccountOutput['sync'], Documented['sync']>;

/** A Panora cursor page of accounts (`PaginatedDto` with `data` typed). */
export const accountPageSchema = z.object({
  prev_cursor: z.string().nullable().meta({ description: 'Send as `cursor` to read the page before; null on the first page.' }),
  next_cursor: z.string().nullable().meta({ description: 'Send as `cursor` to read the next page; null on the last page.' }),
  data: z.array(accountOutputSchema),
});

const support = z.enum(['required', 'sent', 'ignored', 'rejected', 'stored']);
// Read-only lists: the descriptors hand out their own arrays.
const list = () => z.array(z.string()).readonly();
const fieldList = (meaning: string) => list().meta({ description: meaning });

/** `GET /accounting/accounts/meta`: what the connection's provider takes (meta.ts). */
export const accountsMetaSchema = z
  .object({
    provider: z.string().meta({ examples: ['quickbooks'] }),
    provider_name: z.string().meta({ examples: ['QuickBooks Online'] }),
    fields: z.record(z.string(), z.object({ support, max_length: z.number().int().optional() })),
    required: fieldList('Fields a create must carry.'),
    sent: fieldList('Fields sent to the provider when present.'),
    ignored: fieldList('Fields stored and returned but not sent (a warning on the account).'),
    rejected: fieldList('Fields refused with 422: dropping them would change the account.'),
    stored: fieldList('ledgersync references that never go to a provider.'),
    vocabularies: z.object({ type: list(), classification: list(), status: list() }),
    forbidden_name_characters: z.string().optional(),
    field_mappings: z.object({
      mapped: z.record(z.string(), z.string()).meta({ description: "The connection's slugs and the provider fields they are sent as." }),
      mappable_fields: list(),
    }),
    rate_limits: z.object({ windows: list().meta({ examples: [['500/min']] }), concurrency: z.number().int().optional() }),
    idempotency: z.string().meta({ description: "How a re-sent create is recognised: the provider's key name, or `lookup_before_retry`." }),
  })
  .meta({ id: 'AccountsMeta' });
