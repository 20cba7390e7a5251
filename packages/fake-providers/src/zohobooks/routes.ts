import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { FakeCore } from '../shared/core.js';
import { acceptRawBodies, drop, header, queryParams } from '../shared/http.js';
import type { Admission, RateLimiter } from '../shared/limiter.js';
import { type FakeObject, type RouteHandler, registerObjects } from '../shared/objects.js';
import type { TokenClaims } from '../shared/tokens.js';
import { type ZohoAnswer, serviceFailure, zohoError } from './answers.js';
import { ZOHO_ERRORS } from './messages.js';
import { zohoTokenHandler } from './oauth.js';
import type { ZohoRefreshResponse } from './types.js';

/** Where Zoho Books v3 lives; an object's routes start with it. */
export const API_PATH = '/books/v3';

/** What an API handler gets once the gateway has let the request through. */
export interface HandlerContext {
  organizationId: string;
  now: number;
}

export type Handler = (req: FastifyRequest, context: HandlerContext) => ZohoAnswer;

/** What the platform offers an object's routes. */
export interface ZohoGateway {
  /** Serves a handler behind Zoho's gateway: token, `organization_id`, limits, injected faults. */
  api(handler: Handler): RouteHandler;
}

/** One Zoho Books object the fake serves (see `accounts/`). */
export type ZohoObject = FakeObject<ZohoGateway>;

/** What the routes share with the fake's public handle. */
export interface ZohoState {
  core: FakeCore;
  limiter: RateLimiter;
  /** The daily cap, which Zoho's 429 quotes. */
  requestsPerDay: number;
  objects: readonly ZohoObject[];
  issueRefresh(organizationId: string): ZohoRefreshResponse;
  admitRefresh(claims: TokenClaims): boolean;
}

// Zoho organisation ids are decimal numbers ("10234695").
const ORGANIZATION_ID = /^\d+$/;

function send(reply: FastifyReply, answer: ZohoAnswer): FastifyReply {
  if (answer.kind === 'html') return reply.code(answer.status).header('content-type', 'text/html').send(answer.text);
  return reply.code(answer.status).header('content-type', 'application/json;charset=UTF-8').send(JSON.stringify(answer.body));
}

/**
 * Registers Zoho's platform (accounts server under `/oauth/v2`, the gateway, Invalid URL for the
 * rest of `/books/v3`) and each object's routes behind it.
 */
export function zohoBooksPlugin(state: ZohoState): FastifyPluginAsync {
  return async (app) => {
    // Bodies are parsed by the handlers, so a malformed one gets Zoho's answer rather than Fastify's.
    acceptRawBodies(app);
    state.core.recorder.install(app);

    /** `Authorization: Zoho-oauthtoken <token>`; any other scheme, Bearer included, is refused like a bad token. */
    function authenticate(req: FastifyRequest): TokenClaims | ZohoAnswer {
      const token = /^Zoho-oauthtoken\s+(\S+)\s*$/i.exec(header(req, 'authorization') ?? '')?.[1];
      const check = token === undefined ? undefined : state.core.tokens.checkAccess(token);
      if (!check?.ok) return zohoError(401, ZOHO_ERRORS.notAuthorized);
      return check.claims;
    }

    /** The `organization_id` query parameter, which must name an organisation of the token's user. */
    function organizationOf(req: FastifyRequest, claims: TokenClaims): string | ZohoAnswer {
      const organizationId = queryParams(req.url).organization_id?.trim();
      if (!organizationId || !ORGANIZATION_ID.test(organizationId)) return zohoError(400, ZOHO_ERRORS.invalidParameter('organization_id'));
      if (organizationId !== claims.tenantId) return zohoError(400, ZOHO_ERRORS.notInOrganization(organizationId));
      return organizationId;
    }

    function throttled(refused: Extract<Admission, { admitted: false }>): ZohoAnswer {
      if (refused.problem === 'day') return zohoError(429, ZOHO_ERRORS.dayLimit(state.requestsPerDay));
      if (refused.problem === 'minute') return zohoError(429, ZOHO_ERRORS.minuteLimit);
      return zohoError(429, ZOHO_ERRORS.concurrencyLimit);
    }

    // Token (401), organisation (400), limits (429), then injected faults, then Zoho Books.
    function api(handler: Handler): RouteHandler {
      return async (req, reply) => {
        const claims = authenticate(req);
        if ('status' in claims) return send(reply, claims);
        const organizationId = organizationOf(req, claims);
        if (typeof organizationId !== 'string') return send(reply, organizationId);
        const admission = state.limiter.admit(organizationId);
        if (!admission.admitted) return send(reply, throttled(admission));
        try {
          const fault = state.core.faults.take(organizationId);
          if (fault?.kind === 'status') {
            return send(reply, fault.status === 429 ? zohoError(429, ZOHO_ERRORS.minuteLimit) : serviceFailure(fault.status));
          }
          if (fault?.kind === 'reset') return drop(reply);
          if (fault?.kind === 'delay') await sleep(fault.ms);
          const answer = handler(req, { organizationId, now: state.core.now() });
          if (fault?.kind === 'commit-then-reset') return drop(reply);
          return send(reply, answer);
        } finally {
          admission.release();
        }
      };
    }

    registerObjects(app, { api }, state.objects);
    // The rest of Zoho Books is not faked; its paths answer as Zoho answers a path it does not know.
    app.all(
      `${API_PATH}/*`,
      api(() => zohoError(404, ZOHO_ERRORS.invalidUrl)),
    );

    app.post('/oauth/v2/token', zohoTokenHandler({ core: state.core, admitRefresh: state.admitRefresh, issue: state.issueRefresh }));
  };
}
