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
  /** Confirmed wording (typo included) of Xero's answer to a create without a body. */
  noData: 'No data has been processed for this endpoint. This endpoint is expecting Account data to be specifed in the request body.',
  /** Same style as the confirmed Code message, for limits the OpenAPI schema or providers.md gives. */
  tooLong: (field: string, max: number) => `Account ${field} is too long. Maximum of ${max} characters allowed`,
} as const;
