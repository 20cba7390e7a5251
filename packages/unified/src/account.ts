import { z } from 'zod';
import type { JsonNumber } from './exact-json.js';
import { amountSchema } from './money.js';

/**
 * Most keys `field_mappings` may hold. A connection maps a handful of provider fields (the
 * providers' `mappable_fields`), so more keys could only be refused one by one, at a cost.
 */
export const MAX_FIELD_MAPPINGS = 50;

/**
 * `UnifiedAccountingAccountInput` from Panora's OpenAPI document. Every field is optional and
 * nullable there; which ones a push needs depends on the connection's provider and is checked
 * separately (see capabilities.ts), so that a malformed body (400) and a body the provider cannot
 * take (422) are told apart.
 *
 * Unknown fields are rejected: a misspelt field silently dropped would be a value lost.
 */
export const accountInputSchema = z
  .object({
    name: z.string().trim().min(1).max(255).nullish(),
    description: z.string().max(4000).nullish(),
    classification: z.string().trim().min(1).max(64).nullish(),
    type: z.string().trim().min(1).max(64).nullish(),
    status: z.string().trim().min(1).max(32).nullish(),
    // A JSON number kept as its digits (money.ts); its bounds are checked with the currency (422).
    current_balance: amountSchema.nullish(),
    currency: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{3}$/, 'must be a three-letter ISO 4217 code')
      .transform((code) => code.toUpperCase())
      .nullish(),
    account_number: z.string().trim().min(1).max(64).nullish(),
    parent_account: z.uuid().nullish(),
    company_info_id: z.string().trim().min(1).max(255).nullish(),
    field_mappings: z
      .record(z.string().min(1).max(128), z.unknown())
      .refine((mappings) => Object.keys(mappings).length <= MAX_FIELD_MAPPINGS, {
        error: (issue) =>
          `holds ${Object.keys(issue.input as object).length} keys; at most ${MAX_FIELD_MAPPINGS} keys are taken (one per provider field the connection maps)`,
        abort: true,
      })
      .meta({ maxProperties: MAX_FIELD_MAPPINGS })
      .nullish(),
  })
  .strict();

/** A valid body as intake hands it on (amounts as exact digits). */
export type AccountInput = z.infer<typeof accountInputSchema>;
/** A request body as a client writes it (amounts as JSON numbers). */
export type AccountBody = z.input<typeof accountInputSchema>;

export const SYNC_STATUSES = ['pending', 'pushing', 'synced', 'failed'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

/** What went wrong on the last push, as the API shows it. */
export interface SyncError {
  code: string;
  message: string;
  /** The provider's own error code, when it gave one (QuickBooks `6240`, ...). */
  provider_code?: string;
}

/** A field the provider has no place for: stored and returned, but not sent. */
export interface AccountWarning {
  field: string;
  code: 'not_sent';
  message: string;
}

/**
 * `UnifiedAccountingAccountOutput`, plus ledgersync's extra fields: `sync` (the push's state) and
 * `warnings`. Clients written for Panora ignore the extras.
 */
export interface AccountOutput {
  id: string;
  name: string | null;
  description: string | null;
  classification: string | null;
  type: string | null;
  status: string | null;
  /** The stored digits, written as a bare JSON number (exact-json.ts). */
  current_balance: JsonNumber | null;
  currency: string | null;
  account_number: string | null;
  parent_account: string | null;
  company_info_id: string | null;
  field_mappings: Record<string, unknown> | null;
  remote_id: string | null;
  remote_data: unknown;
  created_at: string;
  modified_at: string;
  sync: {
    status: SyncStatus;
    attempts: number;
    last_error: SyncError | null;
    last_attempt_at: string | null;
    synced_at: string | null;
  };
  warnings: AccountWarning[];
}
