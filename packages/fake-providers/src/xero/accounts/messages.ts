/**
 * Xero's validation messages for an Account, kept together so a corrected wording is a one-line
 * change. Confirmed ones cite their source; the others follow Xero's style but are unconfirmed.
 */
export const MESSAGES = {
  /** Confirmed: the OpenAPI document's createAccount 400 example. */
  nameNotUnique: 'Please enter a unique Name.',
  /** Unconfirmed: mirrors the Name message. */
  codeNotUnique: 'Please enter a unique Code.',
  /** Confirmed: XeroAPI/Xero-Net issue #285 quotes this ValidationException message. */
  codeTooLong: 'Account Code is too long. Maximum of 10 characters allowed',
  codeNotAlphanumeric: 'Account Code must only contain letters and numbers.',
  codeRequired: 'Please enter a Code.',
  nameRequired: 'Please enter a Name.',
  typeRequired: 'Please select an Account Type.',
  bankAccountNumberRequired: 'Please enter a Bank Account Number for a BANK account.',
  descriptionOnBank: 'Description cannot be set on a BANK account.',
  currencyCodeNotBank: 'Currency Code can only be set on a BANK account.',
  /**
   * Unconfirmed: Xero documents archiving as an update of an ACTIVE account and says nothing of a
   * Status on create, so the fake takes the stricter reading and refuses any but ACTIVE.
   */
  statusOnCreate: 'An account can only be created ACTIVE; archive it by updating its Status once it exists.',
  /** Confirmed: waynerobinson/xeroizer issue #324 quotes this ValidationException message. */
  statusWithDetails: 'Cannot update account details and STATUS on the same request',
  /** Unconfirmed wording; Xero's POST Accounts notes (mirrored by the Linx Xero plugin) say bank accounts cannot be updated. */
  bankNotUpdatable: 'Accounts of type BANK cannot be updated.',
  /** Unconfirmed: Xero documents only ACTIVE → ARCHIVED. */
  statusChange: (from: string, to: string) => `An account with a Status of ${from} cannot be updated to ${to}.`,
  /** Unconfirmed wording: "You can't delete or archive system accounts" (help.xero.com, Settings_ChartofAccountsArchive). */
  systemNotArchivable: 'System accounts cannot be archived.',
  systemNotDeletable: 'System accounts cannot be deleted.',
  /** Unconfirmed wording: "You can't delete an account you've used in a transaction" (same help page). */
  usedNotDeletable: 'This account cannot be deleted as it has been used in transactions. You can archive it instead.',
  /** Unconfirmed: the docs say nothing of editing an archived account or a system account's type; the fake refuses both. */
  archivedNotUpdatable: 'An ARCHIVED account cannot be updated.',
  systemTypeChange: 'The Type of a system account cannot be changed.',
  /** Unconfirmed: a BANK account needs details the update does not take (and cannot be updated later). */
  typeToBank: 'An account cannot be updated to Type BANK.',
  /** Unconfirmed: bank details on an account that is not a BANK account. */
  bankDetailsNotBank: (field: string) => `${field} can only be set on a BANK account.`,
  /** Confirmed wording (typo included) of Xero's answer to a create without a body. */
  noData: 'No data has been processed for this endpoint. This endpoint is expecting Account data to be specifed in the request body.',
  /** Same style as the confirmed Code message, for limits the OpenAPI schema or providers.md gives. */
  tooLong: (field: string, max: number) => `Account ${field} is too long. Maximum of ${max} characters allowed`,
} as const;
