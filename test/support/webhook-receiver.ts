import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  /** What the receiver answered to this request. */
  status: number;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as signed. */
  body: string;
  json: { id: string; type: string; timestamp: string; data: Record<string, unknown> };
}

/** A customer's webhook endpoint: records what arrives, answers what the test says. */
export async function startWebhookReceiver() {
  /** Deliveries the receiver accepted (2xx). */
  const received: ReceivedWebhook[] = [];
  /** Every request, accepted or not. */
  const attempts: ReceivedWebhook[] = [];
  const statuses: number[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const status = statuses.shift() ?? 200;
      const webhook = { status, headers: request.headers, body, json: JSON.parse(body) };
      attempts.push(webhook);
      if (status < 300) received.push(webhook);
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'try again');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    attempts,
    /** The next answers, in order (then 200). */
    answerNext(...codes: number[]) {
      statuses.push(...codes);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets of the worker's deliveries would hold close() open.
        server.closeAllConnections();
      }),
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
