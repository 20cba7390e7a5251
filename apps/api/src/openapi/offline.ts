import { pino } from 'pino';
import { buildApp } from '../app.js';
import type { ApiDeps } from '../deps.js';

/** A dependency the app must not touch while only its document is read: any use fails loudly. */
function unavailable<T>(name: string): T {
  return new Proxy({} as object, {
    get(_target, property) {
      throw new Error(`${name}.${String(property)} was used while building the app only to read its OpenAPI document`);
    },
  }) as T;
}

/** The app exactly as it serves requests, built without Postgres, Redis or a port. */
export async function buildAppForDocument(options: Pick<ApiDeps, 'sandbox'> = {}) {
  const deps: ApiDeps = {
    db: unavailable('db'),
    cipher: unavailable('cipher'),
    queues: unavailable('queues'),
    logger: pino({ level: 'silent' }),
    health: async () => ({ database: false, redis: false }),
    ...options,
  };
  const app = await buildApp(deps);
  await app.ready();
  return app;
}

/** The committed `openapi.yaml`, as the current routes describe it. */
export async function renderOpenApiYaml(): Promise<string> {
  const app = await buildAppForDocument();
  try {
    return app.swagger({ yaml: true });
  } finally {
    await app.close();
  }
}
