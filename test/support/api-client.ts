import { waitFor } from './wait.js';

export interface ApiRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A request to an API listening on a real port (a server process, not `app.inject`): status and JSON body. */
export async function callApi(baseUrl: string, path: string, init: ApiRequest = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

/** Waits until the account's sync status is `status` (default synced) and returns the account. */
export function waitForSyncStatus(baseUrl: string, tenant: Record<string, string>, id: string, status = 'synced', timeoutMs = 60_000) {
  return waitFor(
    `account ${id} ${status}`,
    async () => {
      const read = await callApi(baseUrl, `/accounting/accounts/${id}`, { headers: tenant });
      return (read.body.sync as { status: string } | undefined)?.status === status ? read.body : undefined;
    },
    timeoutMs,
  );
}
