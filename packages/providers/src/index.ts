export {
  ConnectionRevoked,
  CredentialsExpired,
  ProviderError,
  ProviderRejected,
  ProviderUnavailable,
  RateLimited,
  UnexpectedResponse,
} from './errors.js';
export { type ProviderRequest, type ProviderResponse, retryAfterMs, send } from './http.js';
export { type RefreshedTokens, type RefreshRequest, refreshAccessToken } from './oauth.js';
export {
  fromPennylaneLedgerAccount,
  type PennylaneLedgerAccountPayload,
  pennylaneAccounts,
  readPennylaneResponse,
  toPennylanePayload,
} from './pennylane/accounts.js';
export { pennylane } from './pennylane/descriptor.js';
export { type QuickbooksAccountPayload, quickbooksAccounts, readQuickbooksResponse, toQuickbooksPayload } from './quickbooks/accounts.js';
export { quickbooks } from './quickbooks/descriptor.js';
export { QUICKBOOKS_TYPES } from './quickbooks/vocabulary.js';
export {
  findDescriptor,
  findPullCapabilities,
  findPullHandler,
  findPushCapabilities,
  findPushHandler,
  getDescriptor,
  getPushCapabilities,
  PROVIDER_SLUGS,
  pulledObjectsOf,
  supports,
} from './registry.js';
export { fromSageLedgerAccount, readSageResponse, type SageLedgerAccountPayload, sageAccounts, toSagePayload } from './sage/accounts.js';
export { sage } from './sage/descriptor.js';
export type {
  ConnectionContext,
  Direction,
  ObjectHandlers,
  ObjectName,
  PushedObject,
  ObjectSupport,
  ObjectTypes,
  Provider,
  ProviderDescriptor,
  ProviderObjects,
  ProviderPulls,
  PullCapabilities,
  PullContext,
  PulledRecord,
  PullHandler,
  PullPage,
  PushContext,
  PushHandler,
  PushResult,
  RateLimits,
  RemoteAccountFields,
  SkippedRecord,
  TenantPlacement,
} from './types.js';
export { fromXeroAccount, readXeroResponse, toXeroPayload, type XeroAccountPayload, xeroAccounts } from './xero/accounts.js';
export { xero } from './xero/descriptor.js';
export { parseMsJsonDate } from './xero/ms-json-date.js';
export { fromZohoAccount, readZohoResponse, toZohoPayload, type ZohoAccountPayload, zohobooksAccounts } from './zohobooks/accounts.js';
export { zohobooks } from './zohobooks/descriptor.js';
