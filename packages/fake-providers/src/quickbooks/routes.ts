import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseJsonExact } from '@ledgersync/unified';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { FakeCore } from '../shared/core.js';
import { acceptRawBodies, drop, mediaType, rawBody } from '../shared/http.js';
import type { RateLimiter } from '../shared/limiter.js';
import { basicClientAuth, refreshTokenHandler } from '../shared/oauth.js';
import { parseAccountInput } from './account-input.js';
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
import type { Answer } from './faults.js';
import { parseQuery, runQuery } from './query.js';
import { snapshot } from './store.js';
import type { RealmState } from './store.js';
import type { TokenResponse } from './types.js';

/** What the routes share with the fake's public handle. */
export interface FakeState {
  core: FakeCore;
  limiter: RateLimiter;
  requireParentSameType: boolean;
  realm(realmId: string): RealmState;
  issueTokens(realmId: string, accessTtlSeconds: number): TokenResponse;
}

interface RealmParams {
  realmId: string;
  id?: string;
}

type Handler = (req: FastifyRequest, realm: RealmState, realmId: string) => Answer;

const MAX_REQUEST_ID = 50;

function send(req: FastifyRequest, reply: FastifyReply, answer: Answer): FastifyReply {
  const { contentType, body } = render(answer.payload, req.headers.accept);
  return reply.code(answer.status).header('content-type', contentType).send(body);
}

function faultAnswer(error: unknown, now: number): Answer {
  if (error instanceof QboFault) return error.answer(now);
  throw error;
}

/** Registers the QuickBooks routes; see {@link FakeState} for the shared state. */
export function quickbooksPlugin(state: FakeState): FastifyPluginAsync {
  return async (app) => {
    // Bodies are parsed by the handlers, so a malformed one gets Intuit's fault rather than Fastify's.
    acceptRawBodies(app);
    state.core.recorder.install(app);
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
    function api(handler: Handler) {
      return async (req: FastifyRequest<{ Params: RealmParams }>, reply: FastifyReply) => {
        const { realmId } = req.params;
        const now = state.core.now();
        const refused = authenticate(req, realmId, now);
        if (refused) return send(req, reply, refused);
        const realm = state.realm(realmId);
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
          const answer = handler(req, realm, realmId);
          if (fault?.kind === 'commit-then-reset') return drop(reply);
          return send(req, reply, answer);
        } finally {
          admission.release();
        }
      };
    }

    const createAccount: Handler = (req, realm) => {
      const now = state.core.now();
      const requestId = (req.query as Record<string, string | undefined>).requestid;
      if (requestId !== undefined && requestId.length > MAX_REQUEST_ID) {
        return stringTooLong('requestid', MAX_REQUEST_ID, requestId.length).answer(now);
      }
      const replay = requestId === undefined ? undefined : realm.idempotency.get(requestId);
      if (replay) return replay;
      if (mediaType(req) !== 'application/json') return invalidContentType(req.headers['content-type'], 'application/json').answer(now);
      let answer: Answer;
      try {
        let body: unknown;
        try {
          body = parseJsonExact(rawBody(req) ?? '');
        } catch {
          throw unsupportedProperty('failed to parse json object; a property specified is unsupported or invalid');
        }
        const account = realm.create(parseAccountInput(body), now, state.requireParentSameType);
        answer = { status: 200, payload: { kind: 'entity', name: 'Account', value: { ...snapshot(account) }, time: now } };
      } catch (error) {
        answer = faultAnswer(error, now);
      }
      if (requestId !== undefined) realm.idempotency.set(requestId, answer);
      return answer;
    };

    const readAccount: Handler = (req, realm) => {
      const now = state.core.now();
      const id = (req.params as RealmParams).id ?? '';
      const account = realm.accounts.get(id);
      if (account === undefined) return objectNotFound().answer(now);
      return { status: 200, payload: { kind: 'entity', name: 'Account', value: { ...snapshot(account) }, time: now } };
    };

    const query: Handler = (req, realm) => {
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
        const result = runQuery(parseQuery(text), realm.accounts.values());
        return { status: 200, payload: { kind: 'entity', name: 'QueryResponse', value: result, time: now } };
      } catch (error) {
        return faultAnswer(error, now);
      }
    };

    const unsupported: Handler = (req) => unsupportedOperation(req.url.split('?')[0] ?? req.url).answer(state.core.now());

    app.post('/v3/company/:realmId/account', api(createAccount));
    app.get('/v3/company/:realmId/account/:id', api(readAccount));
    app.get('/v3/company/:realmId/query', api(query));
    app.post('/v3/company/:realmId/query', api(query));
    app.all('/v3/company/:realmId/*', api(unsupported));

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
