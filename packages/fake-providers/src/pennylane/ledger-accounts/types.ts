/** A ledger account as Pennylane's API v2 answers it. */
export interface PennylaneLedgerAccount {
  /** Pennylane's internal id: an integer, unique across companies. */
  id: number;
  /** The French chart of accounts number, digits only (`512100`). */
  number: string;
  label: string;
  /** `any`, or one of Pennylane's VAT rate codes (`FR_200`, ...). */
  vat_rate: string;
  country_alpha2: string;
  /** Read-only on create: a new account is enabled. */
  enabled: boolean;
  /** Only with the `timestamps` setting (RFC 3339). */
  created_at?: string;
  updated_at?: string;
}
