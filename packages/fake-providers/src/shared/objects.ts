import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** A route handler as a fake's gateway makes one from an object's handler. */
export type RouteHandler = (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/**
 * One object a fake serves (accounts, later contacts, invoices...), apart from the provider's
 * platform. The platform (token endpoint, authentication, tenant, limits, faults, envelopes) builds
 * `gateway`, which wraps one of the object's handlers; the object registers its routes through it.
 * Adding an object to a fake is its own file or folder plus one line in the fake's `index.ts`.
 */
export interface FakeObject<Gateway> {
  /** Registers the object's routes, each wrapped by the provider's gateway. */
  register(app: FastifyInstance, gateway: Gateway): void;
  /** Forgets every tenant's records, for the fake's `reset()`. */
  reset(): void;
}

/** Registers every object of a fake behind its gateway, in the order given. */
export function registerObjects<Gateway>(app: FastifyInstance, gateway: Gateway, objects: readonly FakeObject<Gateway>[]): void {
  for (const object of objects) object.register(app, gateway);
}

/** One value per tenant (an object's records), made on the tenant's first request. */
export class PerTenant<T> {
  private byTenant = new Map<string, T>();

  constructor(private readonly create: (tenantId: string) => T) {}

  /** The tenant's value, made now when the tenant has none. */
  of(tenantId: string): T {
    let found = this.byTenant.get(tenantId);
    if (found === undefined) {
      found = this.create(tenantId);
      this.byTenant.set(tenantId, found);
    }
    return found;
  }

  /** The tenant's value, without making one (assertions read tenants that never called). */
  find(tenantId: string): T | undefined {
    return this.byTenant.get(tenantId);
  }

  clear(): void {
    this.byTenant = new Map();
  }
}
