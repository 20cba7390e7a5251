export {
  type AccountBody,
  type AccountInput,
  accountInputSchema,
  MAX_FIELD_MAPPINGS,
  type AccountOutput,
  ACCOUNT_WARNING_CODES,
  type AccountWarning,
  type AccountCapabilities,
  type AccountCheck,
  type AccountField,
  type AccountIssue,
  checkAccount,
  type ConnectedCompany,
  type FieldSupport,
  type NormalizedAccount,
} from './objects/account.js';
export {
  OBJECT_NAMES,
  OBJECTS,
  type ObjectDefinition,
  type ObjectEventType,
  type ObjectName,
  objectDefinition,
  objectEventType,
  objectEventTypes,
  isPushedObject,
  PULL_EVENTS,
  type PullEvent,
  PUSHED_OBJECT_NAMES,
  type PushedObjectName,
  RECORD_EVENTS,
  type RecordEvent,
} from './objects/index.js';
export {
  PULLED_OBJECTS,
  type PulledAccountFields,
  type PulledCompanyInfoFields,
  type PulledFields,
  type PulledObjectName,
  type PulledTaxRateFields,
  type PulledTrackingCategoryFields,
} from './objects/pulled.js';
export { DIRECTIONS, type Direction, SYNC_STATUSES, type SyncError, type SyncStatus } from './objects/sync.js';
export { EVENT_TYPES, type EventType, type WebhookPayload } from './events.js';
export { type Cursor, DEFAULT_PAGE_SIZE, decodeCursor, encodeCursor, MAX_PAGE_SIZE, type Page } from './pagination.js';
export {
  ACCOUNT_STATUSES,
  ACCOUNT_TYPE_NAMES,
  ACCOUNT_TYPES,
  type AccountStatus,
  type AccountType,
  CLASSIFICATIONS,
  type Classification,
  canonical,
  isBalanceSheet,
} from './vocabulary.js';
export { EXAMPLE_ACCOUNT, EXAMPLE_COMPANY_INFO_ID, EXAMPLE_NORMALIZED_ACCOUNT, exampleAccountBody } from './example.js';
export { JsonNumber, JsonSyntaxError, markJsonNumbers, parseJsonExact, stringifyJsonExact, unmarkJsonNumbers } from './exact-json.js';
export {
  AMOUNT_LIMITS,
  type AmountLimits,
  amountSchema,
  amountViolation,
  type Decimal,
  decimal,
  decimalPlaces,
  integerDigits,
  isDecimal,
  jsonAmount,
  minorUnits,
  toDecimal,
} from './money.js';
