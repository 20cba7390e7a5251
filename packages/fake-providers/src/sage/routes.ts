import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { FakeCore } from '../shared/core.js';
import { acceptRawBodies, drop, header, rawBody } from '../shared/http.js';
import type { RateLimiter } from '../shared/limiter.js';
import { type FakeObject, type RouteHandler, registerObjects } from '../shared/objects.js';
import { formClientAuth, refreshTokenHandler } from '../shared/oauth.js';
import type { ClientAuthenticator } from '../shared/oauth.js';
import type { TokenClaims } from '../shared/tokens.js';
import { authorizationFailure, recordNotFound, serviceFailure, tooManyRequests } from './answers.js';
import type { SageAnswer } from './answers.js';
import type { IdempotencyLedger } from './idempotency.js';
import type { SageTokenResponse } from './types.js';

/** Where the Accounting API v3.1 lives; an object's routes start with it. */
export const API_PATH = '/v3.1';

/** What an API handler gets once the gateway has let the request through. */
export interface HandlerContext {
  businessId: string;
  now: number;
  /** The most items a page holds (see `pages.ts`). */
  maxItemsPerPage: number;
}

export type Handler = (req: FastifyRequest, context: HandlerContext) => SageAnswer;

/** What the platform offers an object's routes. */
export interface SageGateway {
  /** Serves a handler behind Sage's gateway: bearer token, business, limit, injected faults. */
  api(handler: Handler): RouteHandler;
  /**
   * A write that honours an `idempotency_id` in the body's `resource` namespace (`ledger_account`),
   * as Sage does for the resources its idempotency guide lists (see `idempotency.ts`).
   */
  idempotent(resource: string, handler: Handler): Handler;
}

/** One Accounting API object the fake serves (see `ledger-accounts/`, `ledger-account-types/`). */
export type SageObject = FakeObject<SageGateway>;

/** What the routes share with the fake's public handle. */
export interface SageState {
  core: FakeCore;
  limiter: RateLimiter;
  settings: { accessTtlSeconds: number; retryAfterSeconds: number | undefined; maxItemsPerPage: number };
  objects: readonly SageObject[];
  idempotency: IdempotencyLedger;
  issueTokens(businessId: string, accessTtlSeconds: number): SageTokenResponse;
  /** Sage's refresh-token rotation: false when the token was already exchanged. */
  acceptRefresh(claims: TokenClaims): boolean;
}

const API = API_PATH;

function send(reply: FastifyReply, answer: SageAnswer): FastifyReply {
  reply.code(answer.status).headers(answer.headers ?? {});
  if (answer.status === 204) return reply.send();
  if ('json' in answer) return reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(answer.json));
  return reply.header('content-type', answer.contentType).send(answer.text);
}

/**
 * Sage's guide and its own sample send `client_id`/`client_secret` as form fields, and nothing says
 * its token endpoint takes HTTP Basic: a request with an `Authorization` header is refused as an
 * unauthenticated client (the stricter side; see providers/src/sage/NOTES.md).
 */
function sageClientAuth(clientId: string, clientSecret: string): ClientAuthenticator {
  const form = formClientAuth(clientId, clientSecret);
  return (req, fields) => req.headers.authorization === undefined && form(req, fields);
}

/**
 * Registers Sage's platform (token endpoint at `/token`, the gateway, 404 for the rest of `/v3.1`)
 * and each object's routes behind it.
 */
export function sagePlugin(state: SageState): FastifyPluginAsync {
  return async (app) => {
    // Bodies are parsed by the handlers, so a malformed one gets Sage's answer rather than Fastify's.
    acceptRawBodies(app);
    state.core.recorder.install(app);

    /**
     * The bearer token (401), then the business: `X-Business` when given, else the user's lead
     * business (Sage routes a request without the header there); one the user cannot access is
     * refused with 401 as well.
     */
    function authenticate(req: FastifyRequest): { businessId: string } | SageAnswer {
      const token = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
      if (token === undefined) return authorizationFailure();
      const check = state.core.tokens.checkAccess(token);
      if (!check.ok) return authorizationFailure();
      const requested = header(req, 'x-business')?.trim();
      const lead = check.claims.tenantId;
      if (requested && requested !== lead) return authorizationFailure();
      return { businessId: lead };
    }

    // Gateway (auth, business, limit), then injected faults, then the Accounting API.
    function api(handler: Handler): RouteHandler {
      return async (req, reply) => {
        const auth = authenticate(req);
        if ('status' in auth) return send(reply, auth);
        const { businessId } = auth;
        // Sage answers with the business it served, so a client can notice a changed lead business.
        reply.header('X-Business', businessId);
        // The fake's own clock, so that a client reading the server's time reads the time records are stamped with.
        reply.header('Date', new Date(state.core.now()).toUTCString());
        const admission = state.limiter.admit(businessId);
        if (!admission.admitted) return send(reply, tooManyRequests(state.settings.retryAfterSeconds));
        try {
          const fault = state.core.faults.take(businessId);
          if (fault?.kind === 'status') {
            return send(reply, fault.status === 429 ? tooManyRequests(state.settings.retryAfterSeconds) : serviceFailure(fault.status));
          }
          if (fault?.kind === 'reset') return drop(reply);
          if (fault?.kind === 'delay') await sleep(fault.ms);
          const answer = handler(req, { businessId, now: state.core.now(), maxItemsPerPage: state.settings.maxItemsPerPage });
          if (fault?.kind === 'commit-then-reset') return drop(reply);
          return send(reply, answer);
        } finally {
          admission.release();
        }
      };
    }

    function idempotent(resource: string, handler: Handler): Handler {
      return (req, context) =>
        state.idempotency.answer(
          {
            businessId: context.businessId,
            now: context.now,
            resource,
            method: req.method,
            path: req.url.split('?')[0] ?? req.url,
            text: rawBody(req),
          },
          () => handler(req, context),
        );
    }

    registerObjects(app, { api, idempotent }, state.objects);
    app.all(
      `${API}/*`,
      api(() => recordNotFound()),
    );

    app.post(
      '/token',
      refreshTokenHandler({
        authority: state.core.tokens,
        authenticateClient: sageClientAuth(state.core.clientId, state.core.clientSecret),
        // Sage's answer to an unauthenticated client is undocumented; the sample treats 400 and 401 alike (NOTES.md).
        invalidClientStatus: 401,
        contentType: 'application/json; charset=utf-8',
        acceptRefresh: (claims) => state.acceptRefresh(claims),
        issue: (businessId) => state.issueTokens(businessId, state.settings.accessTtlSeconds),
      }),
    );
  };
}
