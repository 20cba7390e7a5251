/** An Account as the Xero Accounting API returns it (JSON), dates as Microsoft JSON dates. */
export interface XeroAccount {
  AccountID: string;
  Code: string;
  Name: string;
  Status: 'ACTIVE' | 'ARCHIVED' | 'DELETED';
  Type: string;
  TaxType: string;
  Description?: string;
  Class: 'ASSET' | 'EQUITY' | 'EXPENSE' | 'LIABILITY' | 'REVENUE';
  /** Set on the accounts Xero keeps for itself (DEBTORS, CREDITORS, GST, ...): absent on an app's. */
  SystemAccount?: string;
  EnablePaymentsToAccount: boolean;
  ShowInExpenseClaims: boolean;
  BankAccountNumber?: string;
  BankAccountType?: string;
  CurrencyCode?: string;
  ReportingCode: string;
  ReportingCodeName: string;
  HasAttachments: boolean;
  /** `/Date(1550793549320+0000)/` */
  UpdatedDateUTC: string;
  AddToWatchlist: boolean;
}
