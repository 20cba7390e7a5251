/**
 * The `$message`s of the fake's 422 diagnoses. "This field is required." is Sage's wording as
 * integrations quote it; the others follow the same style and are the fake's (?): clients must
 * read `$source` and `$dataCode`, never match on a message.
 */
export const MESSAGES = {
  required: 'This field is required.',
  missingRoot: (root: string) => `param is missing or the value is empty: ${root}`,
  invalidJson: 'The request body is not valid JSON.',
  unknownAttribute: (key: string) => `${key} is not a valid attribute.`,
  notString: 'must be a string',
  notBoolean: 'must be true or false',
  notInteger: 'must be an integer',
  notNumber: 'must be a number',
  tooLong: (max: number) => `is too long (maximum is ${max} characters)`,
  nominalCodeRange: (max: number) => `must be between 1 and ${max}`,
  nominalCodeTaken: 'Nominal code has already been taken',
  invalidType: (id: string) => `Ledger account type ${id} is not valid`,
  controlAccount: 'You cannot add ledger accounts with a control name',
  controlAccountChange: 'cannot be changed on a control account',
  controlNameChange: 'You cannot modify the control name of a ledger account',
} as const;
