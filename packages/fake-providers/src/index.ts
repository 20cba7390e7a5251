export {
  createQuickbooksFake,
  type QuickbooksFake,
  type QuickbooksFakeOptions,
  type FakeFault,
  type RecordedRequest,
  type QuickbooksAccount,
  type TokenResponse,
} from './quickbooks/index.js';
export { createFakeProviders, type FakeProviders } from './registry.js';
export { startFakeProviders, type RunningFakeProviders } from './server.js';
