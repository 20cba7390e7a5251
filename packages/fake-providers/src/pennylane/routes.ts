import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { FakeCore } from '../shared/core.js';
import { acceptRawBodies, drop } from '../shared/http.js';
import type { RateLimiter, WindowStatus } from '../shared/limiter.js';
import { type FakeObject, type RouteHandler, registerObjects } from '../shared/objects.js';
import type { TokenClaims } from '../shared/tokens.js';
import type { PennylaneAnswer } from './answers.js';
import { PennylaneError, failure, rateLimited, serviceFailure, unauthorized } from './answers.js';
import { MESSAGES } from './messages.js';
import { tokenEndpoint } from './oauth.js';
import type { PennylaneTokenResponse } from './types.js';

/** Where the Company API v2 lives; an object's routes start with it. */
export const API_PATH = '/api/external/v2';

/** What a handler gets once the gateway let the request through. */
export interface HandlerContext {
  companyId: string;
  now: number;
}

/** A handler; a {@link PennylaneError} it throws is answered as is. */
export type Handler = (req: FastifyRequest, context: HandlerContext) => PennylaneAnswer;

/** What the platform offers an object's routes. */
export interface PennylaneGateway {
  /**
   * Serves a handler behind Pennylane's gateway: rate limit, token, one of `scopes` granted (none
   * needed when null), injected faults.
   */
  api(handler: Handler, scopes: readonly string[] | null): RouteHandler;
}

/** One Company API object the fake serves (see `ledger-accounts/`). */
export type PennylaneObject = FakeObject<PennylaneGateway>;

/** What the routes share with the fake's public handle. */
export interface PennylaneState {
  core: FakeCore;
  limiter: RateLimiter;
  objects: readonly PennylaneObject[];
  clientAuth: 'body' | 'body-or-basic';
  /** The limiter's key for a request's bearer token: the token itself, or its company. */
  limitKey(token: string | undefined): string;
  scopesOf(companyId: string): readonly string[];
  /** True for a token pair given up by a refresh (rotation). */
  revoked(claims: TokenClaims): boolean;
  rotate(claims: TokenClaims): boolean;
  issueTokens(companyId: string): PennylaneTokenResponse;
}

function answering(handler: Handler, req: FastifyRequest, context: HandlerContext): PennylaneAnswer {
  try {
    return handler(req, context);
  } catch (error) {
    if (error instanceof PennylaneError) return error.answer;
    throw error;
  }
}

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/** The `ratelimit-*` headers every answer carries; the reset is a Unix time, rounded up so a client never retries early. */
function limitHeaders(window: WindowStatus | undefined, now: number, remaining = window?.remaining): Record<string, string> {
  if (window === undefined) return {};
  return {
    'ratelimit-limit': String(window.limit),
    'ratelimit-remaining': String(remaining),
    'ratelimit-reset': String(Math.ceil((now + window.resetsInMs) / 1000)),
  };
}

/**
 * Registers Pennylane's platform (token endpoint at `/oauth/token`, the gateway, 404 for the rest of
 * `/api/external/v2`) and each object's routes behind it.
 */
export function pennylanePlugin(state: PennylaneState): FastifyPluginAsync {
  return async (app) => {
    acceptRawBodies(app);
    state.core.recorder.install(app);

    const send = (reply: FastifyReply, answer: PennylaneAnswer) =>
      reply
        .code(answer.status)
        .headers(answer.headers ?? {})
        .header('content-type', answer.contentType)
        .send(answer.body);

    /** The company a bearer token grants, or the 401 it earns. */
    function authenticate(token: string | undefined): { companyId: string } | PennylaneAnswer {
      if (token === undefined) return unauthorized(MESSAGES.tokenInvalid);
      const check = state.core.tokens.checkAccess(token);
      if (!check.ok) return unauthorized(check.reason === 'expired' ? MESSAGES.tokenExpired : MESSAGES.tokenInvalid);
      if (state.revoked(check.claims)) return unauthorized(MESSAGES.tokenRevoked);
      return { companyId: check.claims.tenantId };
    }

    // The rate limiter first (every answer carries its headers, 401s included), then the token and
    // its scopes, then injected faults, then the API.
    function api(handler: Handler, scopes: readonly string[] | null): RouteHandler {
      return async (req, reply) => {
        const token = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
        const now = state.core.now();
        const admission = state.limiter.admit(state.limitKey(token));
        const window = admission.windows[0];
        reply.headers(limitHeaders(window, now));
        if (!admission.admitted) {
          const wait = seconds(admission.retryAfterMs ?? window?.resetsInMs ?? 0);
          return send(reply, { ...rateLimited(wait), headers: { 'retry-after': String(wait) } });
        }
        try {
          const auth = authenticate(token);
          if ('status' in auth) return send(reply, auth);
          const { companyId } = auth;
          const granted = state.scopesOf(companyId);
          if (scopes !== null && !scopes.some((scope) => granted.includes(scope)))
            return send(reply, failure(403, MESSAGES.missingScope(scopes)));
          const fault = state.core.faults.take(companyId);
          if (fault?.kind === 'status') {
            if (fault.status !== 429) return send(reply, serviceFailure(fault.status));
            // An injected 429 reads as the real limit would: nothing left until the window resets.
            const wait = seconds(window?.resetsInMs ?? 5_000);
            return send(reply, { ...rateLimited(wait), headers: { ...limitHeaders(window, now, 0), 'retry-after': String(wait) } });
          }
          if (fault?.kind === 'reset') return drop(reply);
          if (fault?.kind === 'delay') await sleep(fault.ms);
          const answer = answering(handler, req, { companyId, now: state.core.now() });
          if (fault?.kind === 'commit-then-reset') return drop(reply);
          return send(reply, answer);
        } finally {
          admission.release();
        }
      };
    }

    registerObjects(app, { api }, state.objects);
    app.all(
      `${API_PATH}/*`,
      api(() => failure(404, MESSAGES.notFound), null),
    );

    app.post(
      '/oauth/token',
      tokenEndpoint({
        authority: state.core.tokens,
        clientId: state.core.clientId,
        clientSecret: state.core.clientSecret,
        clientAuth: state.clientAuth,
        rotate: (claims) => state.rotate(claims),
        issue: (companyId) => state.issueTokens(companyId),
      }),
    );
  };
}
