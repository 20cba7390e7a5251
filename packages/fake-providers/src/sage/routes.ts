import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { FakeCore } from '../shared/core.js';
import { acceptRawBodies, drop, header } from '../shared/http.js';
import type { RateLimiter } from '../shared/limiter.js';
import { basicClientAuth, formClientAuth, refreshTokenHandler } from '../shared/oauth.js';
import type { ClientAuthenticator } from '../shared/oauth.js';
import type { TokenClaims } from '../shared/tokens.js';
import { authorizationFailure, methodNotAllowed, notImplemented, recordNotFound, serviceFailure, tooManyRequests } from './answers.js';
import type { SageAnswer } from './answers.js';
import { createLedgerAccount, listLedgerAccountTypes, listLedgerAccounts, readLedgerAccount, readLedgerAccountType } from './handlers.js';
import type { HandlerContext, HandlerSettings } from './handlers.js';
import type { BusinessState } from './store.js';
import type { SageTokenResponse } from './types.js';

/** What the routes share with the fake's public handle. */
export interface SageState {
  core: FakeCore;
  limiter: RateLimiter;
  settings: HandlerSettings & { accessTtlSeconds: number; retryAfterSeconds: number | undefined };
  business(businessId: string): BusinessState;
  issueTokens(businessId: string, accessTtlSeconds: number): SageTokenResponse;
  /** Sage's refresh-token rotation: false when the token was already exchanged. */
  acceptRefresh(claims: TokenClaims): boolean;
}

type Handler = (req: FastifyRequest, context: HandlerContext) => SageAnswer;

const API = '/v3.1';

function send(reply: FastifyReply, answer: SageAnswer): FastifyReply {
  reply.code(answer.status).headers(answer.headers ?? {});
  if ('json' in answer) return reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(answer.json));
  return reply.header('content-type', answer.contentType).send(answer.text);
}

/** Sage documents the client credentials as form fields; HTTP Basic (what ledgersync sends) is taken too. */
function sageClientAuth(clientId: string, clientSecret: string): ClientAuthenticator {
  const basic = basicClientAuth(clientId, clientSecret);
  const form = formClientAuth(clientId, clientSecret);
  return (req, fields) => basic(req, fields) || form(req, fields);
}

/** Registers Sage's Accounting API under `/v3.1` and its token endpoint at `/token`. */
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
    function api(handler: Handler) {
      return async (req: FastifyRequest, reply: FastifyReply) => {
        const auth = authenticate(req);
        if ('status' in auth) return send(reply, auth);
        const { businessId } = auth;
        // Sage answers with the business it served, so a client can notice a changed lead business.
        reply.header('X-Business', businessId);
        const admission = state.limiter.admit(businessId);
        if (!admission.admitted) return send(reply, tooManyRequests(state.settings.retryAfterSeconds));
        try {
          const fault = state.core.faults.take(businessId);
          if (fault?.kind === 'status') {
            return send(reply, fault.status === 429 ? tooManyRequests(state.settings.retryAfterSeconds) : serviceFailure(fault.status));
          }
          if (fault?.kind === 'reset') return drop(reply);
          if (fault?.kind === 'delay') await sleep(fault.ms);
          const answer = handler(req, { business: state.business(businessId), now: state.core.now(), settings: state.settings });
          if (fault?.kind === 'commit-then-reset') return drop(reply);
          return send(reply, answer);
        } finally {
          admission.release();
        }
      };
    }

    app.post(`${API}/ledger_accounts`, api(createLedgerAccount));
    app.get(`${API}/ledger_accounts`, api(listLedgerAccounts));
    app.get(`${API}/ledger_accounts/:key`, api(readLedgerAccount));
    // Sage updates ledger accounts with PUT; this fake does not, and says so.
    app.put(
      `${API}/ledger_accounts/:key`,
      api((req) => notImplemented(req.method, req.url.split('?')[0] ?? req.url)),
    );
    // A ledger account cannot be deleted once created (Sage's help); the collection takes GET and POST only.
    app.route({ method: ['DELETE', 'PATCH'], url: `${API}/ledger_accounts/:key`, handler: api((req) => methodNotAllowed(req.method)) });
    app.route({ method: ['PUT', 'DELETE', 'PATCH'], url: `${API}/ledger_accounts`, handler: api((req) => methodNotAllowed(req.method)) });
    app.get(`${API}/ledger_account_types`, api(listLedgerAccountTypes));
    app.get(`${API}/ledger_account_types/:key`, api(readLedgerAccountType));
    app.all(
      `${API}/*`,
      api(() => recordNotFound()),
    );

    app.post(
      '/token',
      refreshTokenHandler({
        authority: state.core.tokens,
        authenticateClient: sageClientAuth(state.core.clientId, state.core.clientSecret),
        // RFC 6749 §5.2: 401 when the client authenticated (or tried to) through the Authorization header (?).
        invalidClientStatus: 401,
        contentType: 'application/json; charset=utf-8',
        acceptRefresh: (claims) => state.acceptRefresh(claims),
        issue: (businessId) => state.issueTokens(businessId, state.settings.accessTtlSeconds),
      }),
    );
  };
}
