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
  readPennylaneResponse,
  toPennylanePayload,
} from './pennylane/adapter.js';
export { pennylane } from './pennylane/descriptor.js';
export { type QuickbooksAccountPayload, readQuickbooksResponse, toQuickbooksPayload } from './quickbooks/adapter.js';
export { quickbooks } from './quickbooks/descriptor.js';
export { QUICKBOOKS_TYPES } from './quickbooks/vocabulary.js';
export { findAdapter, getAdapter, getDescriptor, PROVIDER_SLUGS } from './registry.js';
export { fromSageLedgerAccount, readSageResponse, type SageLedgerAccountPayload, sageAdapter, toSagePayload } from './sage/adapter.js';
export { sage } from './sage/descriptor.js';
export type { ProviderAdapter, ProviderDescriptor, PushContext, PushResult, RateLimits, TenantPlacement } from './types.js';
export { fromXeroAccount, readXeroResponse, toXeroPayload, type XeroAccountPayload } from './xero/adapter.js';
export { xero } from './xero/descriptor.js';
export { parseMsJsonDate } from './xero/ms-json-date.js';
export { fromZohoAccount, readZohoResponse, toZohoPayload, type ZohoAccountPayload } from './zohobooks/adapter.js';
export { zohobooks } from './zohobooks/descriptor.js';
