import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseJsonExact } from '@ledgersync/unified';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { FakeCore } from '../shared/core.js';
import { acceptRawBodies, drop, mediaType, rawBody } from '../shared/http.js';
import type { RateLimiter } from '../shared/limiter.js';
import { type FakeObject, type PerTenant, type RouteHandler, registerObjects } from '../shared/objects.js';
import { basicClientAuth, refreshTokenHandler } from '../shared/oauth.js';
import {
  QboFault,
  authenticationFailed,
  authorizationFailed,
  invalidContentType,
  objectNotFound,
  render,
  serviceFailure,
  stringTooLong,
  throttleExceeded,
  unsupportedOperation,
  unsupportedProperty,
} from './faults.js';
import type { Answer, EntityXml } from './faults.js';
import { type CompanyFacts, companyFacts, type RealmSettings } from './company.js';
import { CDC_ENTITY, cdcXml, changeDataCapture } from './cdc.js';
import { parseQuery, runQuery } from './query.js';
import type { QueryTable } from './query.js';
import type { TokenResponse } from './types.js';

/** Where a company's entities live; an object's routes start with it. */
export const COMPANY_PATH = '/v3/company/:realmId';

/** A handler behind Intuit's gateway: the realm authenticated and admitted, no injected fault in the way. */
export type Handler = (req: FastifyRequest, realmId: string) => Answer;

/** What the platform offers an object's routes. */
export interface QuickbooksGateway {
  /** Serves a handler behind the gateway: bearer token, realm, throttle, injected faults. */
  api(handler: Handler): RouteHandler;
  /**
   * A create of `entity`: `requestid` replays the first answer (success or fault), the body must be
   * JSON, and a {@link QboFault} thrown by `build` answers as Intuit does. `build` returns the record as answered.
   */
  create(
    entity: string,
    build: (body: unknown, realmId: string, now: number, params: Record<string, string | undefined>) => Record<string, unknown>,
  ): Handler;
  /** A read by Id: the record as answered, or Object Not Found (610) when `find` has none. */
  read(entity: string, find: (id: string, realmId: string) => Record<string, unknown> | undefined): Handler;
  /** What the realm's company's country decides (AcctNum length, home currency). */
  company(realmId: string): CompanyFacts;
}

/** One QuickBooks entity the fake serves (see `accounts/`). */
export interface QuickbooksObject extends FakeObject<QuickbooksGateway> {
  /** As QuickBooks spells it: `Account`, the key of its answers and its XML element. */
  entity: string;
  /** Its XML element, for clients that do not ask for JSON. */
  xml: EntityXml;
  /** What `/query` serves of it, when it is queryable. */
  query?: QueryTable<unknown>;
  /** A name-list entity (unique Name: Account, Customer, Item...), for what `requestid` does on its creates. */
  nameList?: boolean;
  /** What change data capture (`/cdc`) serves of it, when it does. */
  feed?: ChangeFeed;
}

/** An entity's changes for `/cdc`: the records changed at or after `since` (epoch ms), as answered, with when. */
export interface ChangeFeed {
  entity: string;
  changedSince(realmId: string, since: number): { record: Record<string, unknown>; at: number }[];
}

/** What the routes share with the fake's public handle. */
export interface FakeState {
  core: FakeCore;
  limiter: RateLimiter;
  objects: readonly QuickbooksObject[];
  /** requestid → first answer, replayed verbatim; one set of keys per realm, whatever the entity. */
  idempotency: PerTenant<Map<string, Answer>>;
  /** Each realm's settings (country, requestid on name lists). */
  realm(realmId: string): RealmSettings;
  issueTokens(realmId: string, accessTtlSeconds: number): TokenResponse;
}

interface RealmParams {
  realmId: string;
  id?: string;
}

const MAX_REQUEST_ID = 50;

function faultAnswer(error: unknown, now: number): Answer {
  if (error instanceof QboFault) return error.answer(now);
  throw error;
}

/**
 * Registers Intuit's platform (token endpoint, gateway, `/query`, Unsupported Operation for the rest)
 * and each object's routes behind it; see {@link FakeState} for the shared state.
 */
export function quickbooksPlugin(state: FakeState): FastifyPluginAsync {
  return async (app) => {
    // Bodies are parsed by the handlers, so a malformed one gets Intuit's fault rather than Fastify's.
    acceptRawBodies(app);
    state.core.recorder.install(app);
    const entities = new Map(state.objects.map((object) => [object.entity, object.xml]));
    const tables = state.objects.flatMap((object) => (object.query ? [object.query] : []));
    const { idempotency } = state;
    const send = (req: FastifyRequest, reply: FastifyReply, answer: Answer): FastifyReply => {
      const { contentType, body } = render(answer.payload, req.headers.accept, entities);
      return reply.code(answer.status).header('content-type', contentType).send(body);
    };
    app.addHook('onRequest', async (_req, reply) => {
      reply.header('intuit_tid', randomUUID());
    });

    function authenticate(req: FastifyRequest, realmId: string, now: number): Answer | undefined {
      const header = req.headers.authorization;
      if (header === undefined) return authenticationFailed('Authorization header is missing', now);
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const token = match?.[1];
      if (token === undefined) return authenticationFailed('Malformed bearer token: expected "Bearer <token>"', now);
      const check = state.core.tokens.checkAccess(token);
      if (!check.ok) {
        return authenticationFailed(check.reason === 'expired' ? `Token expired: ${token.slice(0, 12)}...` : 'Token invalid', now);
      }
      if (check.claims.tenantId !== realmId) return authorizationFailed(now);
      return undefined;
    }

    // Gateway (auth, throttling), then injected faults, then the data service.
    function api(handler: Handler): RouteHandler {
      return async (req, reply) => {
        const { realmId } = req.params as RealmParams;
        const now = state.core.now();
        const refused = authenticate(req, realmId, now);
        if (refused) return send(req, reply, refused);
        const admission = state.limiter.admit(realmId);
        if (!admission.admitted) return send(req, reply, throttleExceeded(now));
        try {
          const fault = state.core.faults.take(realmId);
          if (fault?.kind === 'status') {
            const answer = fault.status === 429 ? throttleExceeded(now) : serviceFailure(fault.status, now);
            return send(req, reply, answer);
          }
          if (fault?.kind === 'reset') return drop(reply);
          if (fault?.kind === 'delay') await sleep(fault.ms);
          const answer = handler(req, realmId);
          if (fault?.kind === 'commit-then-reset') return drop(reply);
          return send(req, reply, answer);
        } finally {
          admission.release();
        }
      };
    }

    const nameLists = new Set(state.objects.filter((object) => object.nameList).map((object) => object.entity));
    const create: QuickbooksGateway['create'] = (entity, build) => (req, realmId) => {
      const now = state.core.now();
      const given = (req.query as Record<string, string | undefined>).requestid;
      if (given !== undefined && given.length > MAX_REQUEST_ID) {
        return stringTooLong('requestid', MAX_REQUEST_ID, given.length).answer(now);
      }
      // Reported for name lists (NOTES.md): the key is not looked at, the create runs again.
      const ignored = nameLists.has(entity) && state.realm(realmId).nameListRequestIds === 'ignore';
      const requestId = ignored ? undefined : given;
      const replay = requestId === undefined ? undefined : idempotency.of(realmId).get(requestId);
      if (replay) return replay;
      let answer: Answer;
      try {
        if (mediaType(req) !== 'application/json') throw invalidContentType(req.headers['content-type'], 'application/json');
        let body: unknown;
        try {
          body = parseJsonExact(rawBody(req) ?? '');
        } catch {
          throw unsupportedProperty('failed to parse json object; a property specified is unsupported or invalid');
        }
        const params = req.query as Record<string, string | undefined>;
        answer = { status: 200, payload: { kind: 'entity', name: entity, value: build(body, realmId, now, params), time: now } };
      } catch (error) {
        answer = faultAnswer(error, now);
      }
      // Every answer of the data service is the request's answer, a 4xx as much as a 200 (Intuit:
      // "the same response as it did for the original request"); the gateway's 401/403/429 and the
      // injected 5xx never reach here, so they are not remembered.
      if (requestId !== undefined) idempotency.of(realmId).set(requestId, answer);
      return answer;
    };

    const read: QuickbooksGateway['read'] = (entity, find) => (req, realmId) => {
      const now = state.core.now();
      const value = find((req.params as RealmParams).id ?? '', realmId);
      if (value === undefined) return objectNotFound().answer(now);
      return { status: 200, payload: { kind: 'entity', name: entity, value, time: now } };
    };

    const query: Handler = (req, realmId) => {
      const now = state.core.now();
      let text: string | undefined;
      if (req.method === 'POST') {
        const type = mediaType(req);
        if (type !== 'application/text' && type !== 'text/plain') {
          return invalidContentType(req.headers['content-type'], 'application/text').answer(now);
        }
        text = rawBody(req);
      } else {
        text = (req.query as Record<string, string | undefined>).query;
      }
      try {
        const result = runQuery(parseQuery(text, tables), realmId);
        return { status: 200, payload: { kind: 'entity', name: 'QueryResponse', value: result, time: now } };
      } catch (error) {
        return faultAnswer(error, now);
      }
    };

    const unsupported: Handler = (req) => unsupportedOperation(req.url.split('?')[0] ?? req.url).answer(state.core.now());

    const company = (realmId: string) => companyFacts(state.realm(realmId));
    registerObjects(app, { api, create, read, company }, state.objects);
    const feeds = state.objects.flatMap((object) => (object.feed ? [object.feed] : []));
    entities.set(CDC_ENTITY, cdcXml(entities));
    app.get(`${COMPANY_PATH}/cdc`, api(changeDataCapture(feeds, state.core.now)));
    app.get(`${COMPANY_PATH}/query`, api(query));
    app.post(`${COMPANY_PATH}/query`, api(query));
    app.all(`${COMPANY_PATH}/*`, api(unsupported));

    app.post(
      '/oauth2/v1/tokens/bearer',
      refreshTokenHandler({
        authority: state.core.tokens,
        authenticateClient: basicClientAuth(state.core.clientId, state.core.clientSecret),
        invalidClientStatus: 401,
        contentType: 'application/json;charset=UTF-8',
        // Intuit keeps the presented refresh token valid until it expires: no rotation rule.
        issue: (realmId) => state.issueTokens(realmId, 3600),
      }),
    );
  };
}
