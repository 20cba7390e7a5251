import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { FakeCore } from '../shared/core.js';
import { acceptRawBodies, drop, header } from '../shared/http.js';
import type { RateLimiter, WindowStatus } from '../shared/limiter.js';
import { type FakeObject, type RouteHandler, registerObjects } from '../shared/objects.js';
import { basicClientAuth, refreshTokenHandler } from '../shared/oauth.js';
import type { TokenClaims } from '../shared/tokens.js';
import {
  authenticationUnsuccessful401,
  authenticationUnsuccessful403,
  notFound,
  serviceFailure,
  tokenExpired,
  tooManyRequests,
} from './answers.js';
import type { XeroAnswer } from './answers.js';
import { type IdempotencyCache, idempotent } from './idempotency.js';
import { render } from './render.js';
import type { XeroFakeOptions, XeroTokenResponse } from './types.js';

/** Where the Accounting API lives; an object's routes start with it. */
export const API_PATH = '/api.xro/2.0';

/** The fake's settings an object reads. */
export type XeroSettings = Required<Pick<XeroFakeOptions, 'providerName' | 'baseCurrency' | 'schemaErrorStyle'>>;

/** What an Accounting API handler gets once the gateway has let the request through. */
export interface HandlerContext {
  tenantId: string;
  now: number;
  /** The request's correlation id, reused as the `Instance` of problem answers. */
  instance: string;
  options: XeroSettings;
  /** The app's `Idempotency-Key` answers, for writes (see `idempotent`). */
  idempotency: IdempotencyCache;
}

export type Handler = (req: FastifyRequest, context: HandlerContext) => XeroAnswer;

/** What the platform offers an object's routes. */
export interface XeroGateway {
  /** Serves a handler behind Xero's gateway: bearer token, `xero-tenant-id`, limits, injected faults. */
  api(handler: Handler): RouteHandler;
}

/** One Accounting API object the fake serves (see `accounts/`). */
export type XeroObject = FakeObject<XeroGateway>;

/** What the routes share with the fake's public handle. */
export interface XeroState {
  core: FakeCore;
  limiter: RateLimiter;
  options: XeroSettings;
  objects: readonly XeroObject[];
  /** One for the app: Xero processes key re-use per app. */
  idempotency: IdempotencyCache;
  issueTokens(tenantId: string, accessTtlSeconds: number): XeroTokenResponse;
  /** Xero's refresh-token rotation: single use, with a grace period. */
  acceptRefresh(claims: TokenClaims): boolean;
}

const ACCESS_TTL_SECONDS = 1800;

/** The window names the fake's limiter uses, which are Xero's `X-Rate-Limit-Problem` values, and their headers. */
const REMAINING_HEADERS: Record<string, string> = {
  minute: 'X-MinLimit-Remaining',
  day: 'X-DayLimit-Remaining',
  appminute: 'X-AppMinLimit-Remaining',
};

function limitHeaders(windows: readonly WindowStatus[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const window of windows) {
    const name = REMAINING_HEADERS[window.name];
    if (name !== undefined) headers[name] = String(window.remaining);
  }
  return headers;
}

// The limits whose 429 carries Retry-After: Xero documents it for the minute and day limits only.
// Nothing is said of the app minute limit's 429, so the fake, taking the stricter reading, sends
// none there (nor for the concurrency limit, which frees up when a request ends).
const RETRY_AFTER_PROBLEMS = new Set(['minute', 'day']);

function seconds(ms: number): string {
  return String(Math.max(1, Math.ceil(ms / 1000)));
}

/**
 * Registers Xero's platform (identity under `/connect`, the gateway, 404 for the rest of
 * `/api.xro/2.0`) and each object's routes behind it.
 */
export function xeroPlugin(state: XeroState): FastifyPluginAsync {
  return async (app) => {
    // Bodies are parsed by the handlers, so a malformed one gets Xero's answer rather than Fastify's.
    acceptRawBodies(app);
    state.core.recorder.install(app);
    const correlation = new WeakMap<FastifyRequest, string>();
    app.addHook('onRequest', async (req, reply) => {
      const id = randomUUID();
      correlation.set(req, id);
      reply.header('Xero-Correlation-Id', id);
    });

    const send = (req: FastifyRequest, reply: FastifyReply, answer: XeroAnswer) => {
      const { contentType, body } = render(answer.payload, req.headers.accept);
      return reply
        .code(answer.status)
        .headers(answer.headers ?? {})
        .header('content-type', contentType)
        .send(body);
    };

    /** The gateway: bearer token first (401), then the tenant it must grant (403). */
    function authenticate(req: FastifyRequest, instance: string): { tenantId: string } | XeroAnswer {
      const token = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
      if (token === undefined) return authenticationUnsuccessful401(instance);
      const check = state.core.tokens.checkAccess(token);
      if (!check.ok) return check.reason === 'expired' ? tokenExpired(check.expiredAt, instance) : authenticationUnsuccessful401(instance);
      const tenantHeader = header(req, 'xero-tenant-id')?.trim();
      // Tenant ids are GUIDs: compared as values, whatever the case of their hex digits.
      if (!tenantHeader || tenantHeader.toLowerCase() !== check.claims.tenantId.toLowerCase())
        return authenticationUnsuccessful403(instance);
      return { tenantId: check.claims.tenantId };
    }

    // Gateway (auth, limits), then injected faults, then the Accounting API.
    function api(handler: Handler): RouteHandler {
      return async (req, reply) => {
        const instance = correlation.get(req) ?? randomUUID();
        const auth = authenticate(req, instance);
        if ('status' in auth) return send(req, reply, auth);
        const { tenantId } = auth;
        const admission = state.limiter.admit(tenantId);
        const headers = limitHeaders(admission.windows);
        if (!admission.admitted) {
          headers['X-Rate-Limit-Problem'] = admission.problem;
          if (admission.retryAfterMs !== undefined && RETRY_AFTER_PROBLEMS.has(admission.problem)) {
            headers['Retry-After'] = seconds(admission.retryAfterMs);
          }
          return send(req, reply, { ...tooManyRequests(instance), headers });
        }
        reply.headers(headers);
        try {
          const fault = state.core.faults.take(tenantId);
          const context = { tenantId, now: state.core.now(), instance, options: state.options, idempotency: state.idempotency };
          if (fault?.kind === 'status') {
            // A 500 is Xero's API failing inside, after idempotency was checked: Xero caches that
            // error under the write's key and replays it ("even if the internal error is resolved").
            // The other statuses are the gateway's or an edge proxy's: the API never saw the request.
            if (fault.status === 500) return send(req, reply, idempotent(req, context, () => serviceFailure(500, instance)));
            if (fault.status !== 429) return send(req, reply, serviceFailure(fault.status, instance));
            // An injected 429 reads as the minute limit would: its window and a zero remaining count.
            const minute = admission.windows.find((window) => window.name === 'minute');
            const throttle = {
              'X-Rate-Limit-Problem': 'minute',
              'X-MinLimit-Remaining': '0',
              'Retry-After': seconds(fault.retryAfterMs ?? minute?.resetsInMs ?? 60_000),
            };
            return send(req, reply, { ...tooManyRequests(instance), headers: throttle });
          }
          if (fault?.kind === 'reset') return drop(reply);
          if (fault?.kind === 'delay') await sleep(fault.ms);
          const answer = handler(req, context);
          if (fault?.kind === 'commit-then-reset') return drop(reply);
          return send(req, reply, answer);
        } finally {
          admission.release();
        }
      };
    }

    registerObjects(app, { api }, state.objects);
    app.all(
      `${API_PATH}/*`,
      api(() => notFound()),
    );

    app.post(
      '/connect/token',
      refreshTokenHandler({
        authority: state.core.tokens,
        authenticateClient: basicClientAuth(state.core.clientId, state.core.clientSecret),
        // Xero's identity server (IdentityServer) answers every token error, invalid_client included, with 400.
        invalidClientStatus: 400,
        contentType: 'application/json; charset=UTF-8',
        acceptRefresh: (claims) => state.acceptRefresh(claims),
        issue: (tenantId) => state.issueTokens(tenantId, ACCESS_TTL_SECONDS),
      }),
    );
  };
}
