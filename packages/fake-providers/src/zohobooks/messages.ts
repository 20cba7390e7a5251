/**
 * Zoho Books' error codes and messages, kept together so a corrected wording is a one-line change.
 * Every error body is `{"code": <non-zero>, "message": "..."}`. Confirmed ones cite their source;
 * the others follow Zoho's style (a numeric code, "Invalid value passed for <field>") but are
 * unconfirmed.
 */
export const ZOHO_ERRORS = {
  /** Observed on 401s (expired token, missing scope); Zoho documents 401 as "Invalid AuthToken" only. */
  notAuthorized: { code: 57, message: 'You are not authorized to perform this operation' },
  /** Confirmed: Books API v3 introduction, per-minute limit (100 per organisation). */
  minuteLimit: {
    code: 44,
    message:
      'For security reasons your organization has been blocked as it have exceeded the maximum number of requests per minute that can originate from an organization.',
  },
  /** Confirmed wording; the number is the plan's daily cap, written as Zoho writes it ("1,000"). */
  dayLimit: (limit: number) => ({
    code: 45,
    message: `The API call for this organization has exceeded the maximum call rate limit of ${limit.toLocaleString('en-US')}.`,
  }),
  /** Confirmed: the introduction's concurrent rate limiter. */
  concurrencyLimit: {
    code: 1070,
    message: 'You have reached the maximum number of in process requests allowed. Kindly try again after some time.',
  },
  /** Confirmed: the errors page's example of a 500. */
  internalError: { code: 1000, message: 'Internal error' },
  /** Confirmed (Zoho's Deluge docs quote it for another organisation's id); answered with 400. */
  notInOrganization: (organizationId: string) => ({
    code: 6041,
    message: `This user is not associated with the CompanyID/CompanyName:${organizationId}.`,
  }),
  /** Code 2 confirmed for query parameters ("Invalid value passed for filter_by", Deluge docs). */
  invalidParameter: (name: string) => ({ code: 2, message: `Invalid value passed for ${name}` }),
  /** Code 4 observed for body fields ("Invalid value passed for Amount"); also what a missing required field gets here. */
  invalidField: (name: string) => ({ code: 4, message: `Invalid value passed for ${name}` }),
  /** Observed wording; the code is unconfirmed. */
  malformedJson: { code: 1038, message: 'JSON is not well formed' },
  /** Unconfirmed: mirrors the errors page's "Invoice does not exist." (code 1002). */
  accountNotFound: { code: 1002, message: 'Account does not exist.' },
  /** Observed on unknown paths; unconfirmed. */
  invalidUrl: { code: 5, message: 'Invalid URL Passed' },
  /** Unconfirmed: Zoho's "already exists" style, as its Items API answers a duplicate name. */
  duplicateName: (name: string) => ({ code: 1001, message: `Account "${name}" already exists.` }),
  duplicateCode: (code: string) => ({ code: 1001, message: `Account code "${code}" already exists.` }),
  /** Unconfirmed wording: Zoho's screens refuse to delete its own (system) accounts. */
  systemAccount: { code: 4, message: 'System accounts cannot be deleted.' },
  /** Unconfirmed: Zoho's UI offers only accounts of the same type as a parent. */
  parentTypeMismatch: { code: 4, message: 'The parent account should be of the same account type.' },
} as const;

/** Zoho's success messages (Chart of Accounts OpenAPI document). */
export const ZOHO_SUCCESS = {
  created: 'The account has been created.',
  /** Unconfirmed wording, in the style of Zoho's other modules ("The contact has been updated."). */
  updated: 'The account has been updated.',
  deleted: 'The account has been deleted.',
  inactive: 'The account has been marked as inactive.',
  active: 'The account has been marked as active.',
  success: 'success',
} as const;

/**
 * What Zoho's accounts server answers to a refresh. It answers its OAuth errors with HTTP 200 and
 * `{"error": "..."}` (observed: `invalid_code` for a revoked or unknown refresh token,
 * `invalid_client`, `invalid_client_secret`); only its throttle answers 400.
 */
export const ZOHO_OAUTH_ERRORS = {
  invalidClient: 'invalid_client',
  invalidClientSecret: 'invalid_client_secret',
  invalidCode: 'invalid_code',
  /** Unconfirmed: the fake serves the refresh grant only. */
  unsupportedGrantType: 'unsupported_grant_type',
  /** Observed verbatim on the 11th exchange of one refresh token within 10 minutes. */
  throttled: {
    error_description: 'You have made too many requests continuously. Please try again after some time.',
    error: 'Access Denied',
    status: 'failure',
  },
} as const;
