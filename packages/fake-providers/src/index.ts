export {
  createQuickbooksFake,
  type QuickbooksFake,
  type QuickbooksFakeOptions,
  type QuickbooksAccount,
  type TokenResponse,
} from './quickbooks/index.js';
export { createPennylaneFake, type PennylaneFake, type PennylaneFakeOptions, type PennylaneLedgerAccount, type PennylaneTokenResponse } from './pennylane/index.js';
export {
  createSageFake,
  type SageAnalysisType,
  type SageAnalysisTypeCategory,
  type SageBusiness,
  type SageFake,
  type SageFakeOptions,
  type SageLedgerAccount,
  type SageTaxRate,
  type SageTokenResponse,
} from './sage/index.js';
export { createZohoBooksFake, type ZohoAccount, type ZohoBooksFake, type ZohoBooksFakeOptions, type ZohoTokenResponse } from './zohobooks/index.js';
export { createXeroFake, type XeroAccount, type XeroFake, type XeroFakeOptions, type XeroTokenResponse } from './xero/index.js';
export type { FakeFault, ProviderFake, RandomFaults, RecordedRequest, SandboxProfile, TokenSet } from './shared/types.js';
export {
  FAKE_PROVIDERS,
  createFakeProviders,
  type FakeProviderSlug,
  type FakeProviders,
  type FakeProvidersOptions,
} from './registry.js';
export { startFakeProviders, type RunningFakeProviders } from './server.js';
