export { type DeliveryRequest, type DeliveryResult, postWebhook, webhookAgents } from './delivery.js';
export {
  BlockedTargetError,
  blockedAddressReason,
  checkWebhookTarget,
  checkWebhookUrl,
  type EgressPolicy,
  guardedLookup,
  type Resolver,
  type TargetCheck,
} from './egress.js';
export { generateWebhookSecret, type SignedHeaders, sign, signedHeaders, verify, WebhookVerificationError } from './signature.js';
