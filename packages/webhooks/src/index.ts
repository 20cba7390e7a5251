export { type DeliveryRequest, type DeliveryResult, postWebhook } from './delivery.js';
export { generateWebhookSecret, type SignedHeaders, sign, signedHeaders, verify, WebhookVerificationError } from './signature.js';
