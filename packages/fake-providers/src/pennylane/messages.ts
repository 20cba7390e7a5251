/**
 * Pennylane's answer texts, kept together so a corrected wording is a one-line change. The `{error,
 * status}` envelope and the rate-limit sentence are documented; the 401 texts are Doorkeeper's
 * (Pennylane's OAuth server) own; the validation texts follow Rails' wording (Pennylane is a Rails
 * application) and are unconfirmed.
 */
export const MESSAGES = {
  /** Documented: "Rate limit exceeded. Please retry in X seconds." */
  rateLimited: (seconds: number) => `Rate limit exceeded. Please retry in ${seconds} seconds.`,
  tokenInvalid: 'The access token is invalid',
  tokenExpired: 'The access token expired',
  tokenRevoked: 'The access token was revoked',
  missingScope: (scopes: readonly string[]) => `Forbidden: this token needs one of these scopes: ${scopes.join(', ')}`,
  notFound: 'Not found',
  invalidJson: 'The request body is not valid JSON',
  notAnObject: 'The request body must be a JSON object',
  wrongType: (field: string, expected: string) => `${field} must be ${expected}`,
  unknownKeys: (keys: readonly string[]) => `found unpermitted parameters: ${keys.join(', ')}`,
  blank: (attribute: string) => `${attribute} can't be blank`,
  numberNotDigits: 'Number must only contain digits',
  numberClass: 'Number must start with an account class from 1 to 9',
  taken: 'Number has already been taken',
  notInList: (attribute: string) => `${attribute} is not included in the list`,
  invalidFilter: (detail: string) => `Invalid filter: ${detail}`,
  invalidCursor: 'Invalid cursor',
  invalidLimit: (max: number) => `limit must be an integer between 1 and ${max}`,
  serverError: 'Internal Server Error',
  unavailable: 'Service Unavailable',
} as const;

/** Doorkeeper's `error_description` for each OAuth error of the token endpoint. */
export const OAUTH_ERRORS = {
  invalid_client:
    'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
  invalid_grant:
    'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
  invalid_request: 'The request is missing a required parameter, includes an unsupported parameter value, or is otherwise malformed.',
  unsupported_grant_type: 'The authorization grant type is not supported by the authorization server.',
} as const;
