import type {
  AccountCapabilities,
  AccountStatus,
  AccountType,
  Classification,
  Direction,
  NormalizedAccount,
  ObjectName,
  PulledFields,
  PulledObjectName,
} from '@ledgersync/unified';

// The objects (by their registry name) and the directions are the unified model's.
export type { Direction, ObjectName, PulledFields, PulledObjectName };

/** Per object: the record a handler takes, and what the intake checks a push of it against. */
export interface ObjectTypes {
  account: { record: NormalizedAccount; push: AccountCapabilities };
}
/** The objects a provider may push (the ones with a push record type). */
export type PushedObject = keyof ObjectTypes;

/**
 * What a pull of an object offers, as data (written with its source in the provider's NOTES.md):
 * the pipeline plans its requests from it and the notes say which objects a full pull diffs.
 */
export interface PullCapabilities {
  /** Records per page of the provider's list API (its documented maximum, or its default). */
  pageSize: number;
  /**
   * How an incremental pull finds what changed: `feed`, a change feed or a modified-since filter
   * that also tells deletions (QuickBooks CDC, Sage `deleted_since`); `modified-since`, a filter
   * that tells changes but not deletions (those are found by a periodic full pull); `none`, only a
   * full pull, which the pipeline diffs against what it stored.
   */
  changes: 'feed' | 'modified-since' | 'none';
  /** How the provider shows a record that is gone: `deleted` (it answers it no more, or a feed says so), `archived` (a status). */
  removal: readonly ('deleted' | 'archived')[];
}

/** What a provider does with one object, per direction: a direction it does not do is absent. */
export interface ObjectSupport<O extends PushedObject> {
  push?: ObjectTypes[O]['push'];
}

/** The objects a provider supports, and how: the registry and `GET /accounting/<object>/meta` read it. */
export type ProviderObjects = { [O in PushedObject]?: ObjectSupport<O> };

/** The objects a provider reads, and how (`descriptor.pulls`): see PullCapabilities. */
export type ProviderPulls = { [O in PulledObjectName]?: PullCapabilities };

/** Request limits: every window at once (`limit` requests in any `periodMs`), and requests in flight. */
export interface RateLimits {
  windows: { limit: number; periodMs: number }[];
  concurrency?: number;
}

/** Where a provider expects the tenant (the customer's company) in a request. */
export type TenantPlacement = 'path' | 'header' | 'query' | 'token';

/**
 * A provider, described as data: what the intake checks, what the limiter enforces and what the
 * sandbox and the CLI offer are all read from here.
 */
export interface ProviderDescriptor {
  slug: string;
  displayName: string;
  /** The production API base URL (connections may point elsewhere: sandbox, fake, proxy). */
  baseUrl: string;
  /** The OAuth 2.0 token endpoint used to refresh access tokens. */
  tokenUrl: string;
  tenant: { placement: TenantPlacement; name: string; description: string };
  /** Documented limits per tenant; connections can override them. */
  rateLimits: RateLimits;
  /** How long to wait after a 429 that carries no `Retry-After`. */
  throttleWaitMs: number;
  /** How a create is made safe to re-send: a key in a query parameter, a header or a field of the body, or none. */
  idempotency: { kind: 'query' | 'header' | 'body'; name: string; maxLength: number } | { kind: 'none' };
  requestTimeoutMs: number;
  /** How the token endpoint takes the client credentials: HTTP Basic (Intuit, Xero) or form fields (Sage, Zoho). */
  oauthClientAuth: 'basic' | 'body';
  objects: ProviderObjects;
  /** What it reads of the customer's books, per object (absent: it pulls nothing yet). */
  pulls?: ProviderPulls;
  /**
   * Provider fields a connection may map `field_mappings` slugs to (`ledgersync connections
   * mappings`): the provider's own names, as its payload spells them.
   */
  mappableFields: readonly string[];
}

/** What every request to a connection's provider needs, whatever the object and the direction. */
export interface ConnectionContext {
  baseUrl: string;
  tenantId: string;
  accessToken: string;
  /** Give up on the provider after this long (then the push is retried: see idempotency). */
  timeoutMs: number;
  /** Aborts the request when the job is being shut down (the next attempt looks the record up first). */
  signal?: AbortSignal;
}

export interface PushContext extends ConnectionContext {
  /** The ledgersync record id: the same on every attempt, so a re-sent create is recognised. */
  idempotencyKey: string;
  /** The parent's id at the provider, for a sub-account. */
  parentRemoteId: string | null;
  /**
   * An earlier attempt of this record (this round or one before) may have reached the provider,
   * so a create refused because the record already exists may be refused for that attempt's own
   * record (QuickBooks adopts it after a 6240). Unset: this is the record's first attempt.
   */
  earlierAttempt?: boolean;
  /**
   * The request's `field_mappings` values under the provider field names the connection maps their
   * slugs to (only names from `descriptor.mappableFields`); merged into the payload as sent.
   */
  mappedFields: Record<string, unknown>;
}

/** Unified fields as read back from the provider's answer, in the unified vocabulary. */
export interface RemoteAccountFields {
  name?: string;
  type?: AccountType;
  classification?: Classification;
  status?: AccountStatus;
  account_number?: string;
  currency?: string;
  /** When the provider says it created the account (RFC 3339); absent when it does not say. */
  remote_created_at?: string;
}

export interface PushResult {
  remoteId: string;
  /** The provider's raw response body, kept as the account's `remote_data`. */
  remoteData: unknown;
  /** The provider said its quota is spent (remaining 0): hold the connection this long. */
  quotaPauseMs?: number;
  /**
   * The provider said the app's own quota, shared by every connection of the install (Xero's
   * 10,000 calls a minute), is spent: hold all of the provider's connections this long. The
   * provider does not say when it resets: an operator's THROTTLE_WAIT_MS replaces this guess.
   */
  appQuotaPauseMs?: number;
  /** What the provider says the account is, translated back to unified words. */
  fields?: RemoteAccountFields;
}

/** How one provider creates one object. Errors are `ProviderError`s. */
export interface PushHandler<R> {
  create(record: R, context: PushContext): Promise<PushResult>;
  /**
   * The record an earlier attempt may have created (its answer lost), looked up before a re-send:
   * for providers without an idempotency key, or one they forget. A match is adopted, not duplicated.
   */
  find?(record: R, context: PushContext): Promise<PushResult | null>;
}

/** One object's code at one provider for pushes (its pulls are `Provider.pulls`). */
export interface ObjectHandlers<R> {
  push?: PushHandler<R>;
}

/** What every pull request needs: the connection, and the job's signal (a shutdown aborts the page). */
export type PullContext = ConnectionContext;

/** One record as the provider has it, in unified words. */
export interface PulledRecord<F> {
  /** The provider's id: with the connection, what the record is upserted by. */
  remoteId: string;
  fields: F;
  /** The provider's raw record, numbers kept exact (the record's `remote_data`). */
  remoteData: unknown;
  /** When the provider says it created / last changed the record (RFC 3339), when it says. */
  remoteCreatedAt?: string;
  remoteUpdatedAt?: string;
  /** The provider deleted or archived it (RFC 3339 `at` when it says when). Never dropped silently. */
  removed?: { kind: 'deleted' | 'archived'; at?: string };
}

/** A record the adapter could not map: skipped, the reason kept in the sync status; the pull goes on. */
export interface SkippedRecord {
  remoteId: string;
  reason: string;
}

/** One page of a list or of a change feed. */
export interface PullPage<F> {
  records: PulledRecord<F>[];
  skipped: SkippedRecord[];
  /**
   * The provider's own ids of records it says are gone (a change feed's deletions), when it names
   * them apart from `records`.
   */
  deletedRemoteIds?: string[];
  /** What to ask for the next page (opaque, persisted between pages): null after the last page. */
  next: string | null;
  /**
   * For the last page of a pull: where the next incremental pull starts (opaque, e.g. the
   * provider's time of this read). Absent: the pipeline uses the pull's start time minus a margin.
   */
  watermark?: string;
  /** The provider said its quota is spent (remaining 0): hold the connection / the app this long. */
  quotaPauseMs?: number;
  appQuotaPauseMs?: number;
}

/**
 * How one provider reads one object. `list` pages through everything (a full pull); `changes`
 * pages through what changed since a watermark (an incremental pull), where the provider can tell.
 * Errors are `ProviderError`s, classified as for a push (transient, permanent, credentials).
 */
export interface PullHandler<F> {
  list(context: PullContext, page: string | null): Promise<PullPage<F>>;
  changes?(context: PullContext, since: string, page: string | null): Promise<PullPage<F>>;
}

/** A provider as the registry holds it: its data, and its code per object. */
export interface Provider {
  descriptor: ProviderDescriptor;
  objects: { [O in PushedObject]?: ObjectHandlers<ObjectTypes[O]['record']> };
  /** Its readers, per object it pulls (`descriptor.pulls` says how). */
  pulls?: { [O in PulledObjectName]?: PullHandler<PulledFields[O]> };
}
