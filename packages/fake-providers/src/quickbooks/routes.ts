import { randomUUID, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
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
import { admit } from './limits.js';
import type { FaultQueue } from './limits.js';
import { parseQuery, runQuery } from './query.js';
import { snapshot } from './store.js';
import type { RealmState } from './store.js';
import type { TokenSigner } from './tokens.js';
import type { RecordedRequest, TokenResponse } from './types.js';

/** What the routes share with the fake's public handle. */
export interface FakeState {
  now: () => number;
  requestsPerMinute: number;
  maxConcurrent: number;
  clientId: string;
  clientSecret: string;
  requireParentSameType: boolean;
  signer: TokenSigner;
  faults: FaultQueue;
  realm(realmId: string): RealmState;
  peekRealm(realmId: string): RealmState | undefined;
  record(entry: RecordedRequest): void;
  issueTokens(realmId: string, accessTtlSeconds: number): TokenResponse;
}

interface RealmParams {
  realmId: string;
  id?: string;
}

type Handler = (req: FastifyRequest, realm: RealmState, realmId: string) => Answer;

const MAX_REQUEST_ID = 50;

function mediaType(req: FastifyRequest): string | undefined {
  return req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
}

function rawBody(req: FastifyRequest): string | undefined {
  return typeof req.body === 'string' ? req.body : undefined;
}

function queryParams(url: string): Record<string, string> {
  const query = url.indexOf('?');
  return query < 0 ? {} : Object.fromEntries(new URLSearchParams(url.slice(query + 1)));
}

function flatHeaders(req: FastifyRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function decodeForRecord(req: FastifyRequest): unknown {
  const body = rawBody(req);
  if (body === undefined || body === '') return undefined;
  if (mediaType(req) === 'application/json') {
    try {
      return JSON.parse(body) as unknown;
    } catch {
      return body;
    }
  }
  return body;
}

function send(req: FastifyRequest, reply: FastifyReply, answer: Answer): FastifyReply {
  const { contentType, body } = render(answer.payload, req.headers.accept);
  return reply.code(answer.status).header('content-type', contentType).send(body);
}

/**
 * Ends the exchange without an answer, as a connection reset mid-request looks to the client.
 * Destroying the response destroys its socket; under `inject()` it rejects with LIGHT_ECONNRESET.
 */
function drop(reply: FastifyReply): void {
  reply.hijack();
  reply.raw.destroy();
}

function faultAnswer(error: unknown, now: number): Answer {
  if (error instanceof QboFault) return error.answer(now);
  throw error;
}

/** Registers the QuickBooks routes; see {@link FakeState} for the shared state. */
export function quickbooksPlugin(state: FakeState): FastifyPluginAsync {
  return async (app) => {
    // Bodies are parsed by the handlers, so a malformed one gets Intuit's fault rather than Fastify's.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

    const records = new WeakMap<FastifyRequest, RecordedRequest>();
    app.addHook('onRequest', async (req, reply) => {
      const entry: RecordedRequest = {
        method: req.method,
        path: req.url.split('?')[0] ?? req.url,
        query: queryParams(req.url),
        headers: flatHeaders(req),
        body: undefined,
        status: 0,
        at: state.now(),
      };
      records.set(req, entry);
      state.record(entry);
      reply.header('intuit_tid', randomUUID());
    });
    app.addHook('preHandler', async (req) => {
      const entry = records.get(req);
      if (entry) entry.body = decodeForRecord(req);
    });
    app.addHook('onSend', async (req, reply, payload) => {
      const entry = records.get(req);
      if (entry) entry.status = reply.statusCode;
      return payload;
    });

    function authenticate(req: FastifyRequest, realmId: string, now: number): Answer | undefined {
      const header = req.headers.authorization;
      if (header === undefined) return authenticationFailed('Authorization header is missing', now);
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const token = match?.[1];
      if (token === undefined) return authenticationFailed('Malformed bearer token: expected "Bearer <token>"', now);
      const check = state.signer.verify(token, 'access', now);
      if (!check.ok) {
        return authenticationFailed(check.reason === 'expired' ? `Token expired: ${token.slice(0, 12)}...` : 'Token invalid', now);
      }
      const watermark = state.peekRealm(check.claims.realmId)?.accessWatermark ?? 0;
      if (check.claims.issuedAt < watermark) return authenticationFailed(`Token expired: ${token.slice(0, 12)}...`, now);
      if (check.claims.realmId !== realmId) return authorizationFailed(now);
      return undefined;
    }

    // Gateway (auth, throttling), then injected faults, then the data service.
    function api(handler: Handler) {
      return async (req: FastifyRequest<{ Params: RealmParams }>, reply: FastifyReply) => {
        const { realmId } = req.params;
        const now = state.now();
        const refused = authenticate(req, realmId, now);
        if (refused) return send(req, reply, refused);
        const realm = state.realm(realmId);
        const rate = realm.rate;
        if (!admit(rate, now, state.requestsPerMinute, state.maxConcurrent)) return send(req, reply, throttleExceeded(now));
        try {
          const fault = state.faults.take(realmId);
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
          rate.inFlight--;
        }
      };
    }

    const createAccount: Handler = (req, realm) => {
      const now = state.now();
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
          body = JSON.parse(rawBody(req) ?? '');
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
      const now = state.now();
      const id = (req.params as RealmParams).id ?? '';
      const account = realm.accounts.get(id);
      if (account === undefined) return objectNotFound().answer(now);
      return { status: 200, payload: { kind: 'entity', name: 'Account', value: { ...snapshot(account) }, time: now } };
    };

    const query: Handler = (req, realm) => {
      const now = state.now();
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

    const unsupported: Handler = (req) => unsupportedOperation(req.url.split('?')[0] ?? req.url).answer(state.now());

    app.post('/v3/company/:realmId/account', api(createAccount));
    app.get('/v3/company/:realmId/account/:id', api(readAccount));
    app.get('/v3/company/:realmId/query', api(query));
    app.post('/v3/company/:realmId/query', api(query));
    app.all('/v3/company/:realmId/*', api(unsupported));

    app.post('/oauth2/v1/tokens/bearer', async (req, reply) => {
      reply.header('content-type', 'application/json;charset=UTF-8').header('cache-control', 'no-cache, no-store');
      const oauthError = (status: number, error: string) => reply.code(status).send(JSON.stringify({ error }));
      if (!clientAuthenticated(req.headers.authorization, state.clientId, state.clientSecret)) {
        return oauthError(401, 'invalid_client');
      }
      if (mediaType(req) !== 'application/x-www-form-urlencoded') return oauthError(400, 'invalid_request');
      const form = new URLSearchParams(rawBody(req) ?? '');
      if (form.get('grant_type') !== 'refresh_token') return oauthError(400, 'unsupported_grant_type');
      const refreshToken = form.get('refresh_token');
      if (!refreshToken) return oauthError(400, 'invalid_request');
      const check = state.signer.verify(refreshToken, 'refresh', state.now());
      if (!check.ok || check.claims.clientId !== state.clientId) return oauthError(400, 'invalid_grant');
      const watermark = state.peekRealm(check.claims.realmId)?.refreshWatermark ?? 0;
      if (check.claims.issuedAt < watermark) return oauthError(400, 'invalid_grant');
      return reply.code(200).send(JSON.stringify(state.issueTokens(check.claims.realmId, 3600)));
    });
  };
}

function clientAuthenticated(header: string | undefined, clientId: string, clientSecret: string): boolean {
  const match = /^Basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const expected = Buffer.from(`${clientId}:${clientSecret}`, 'utf8');
  const presented = Buffer.from(match[1], 'base64');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
