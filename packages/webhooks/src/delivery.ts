import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { checkWebhookUrl, type EgressPolicy, guardedLookup, type Resolver } from './egress.js';

export interface DeliveryRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** See `EgressPolicy`: true only in development and tests. */
  allowPrivateTargets: boolean;
}

export interface DeliveryResult {
  /** 2xx: the endpoint took it. Anything else is retried on the delivery schedule. */
  ok: boolean;
  statusCode: number | null;
  /** Network failure, timeout or refused target, when there was no HTTP answer. */
  error: string | null;
  durationMs: number;
  /** The first KiB of the answer, for the attempt log. */
  excerpt: string | null;
}

const EXCERPT_BYTES = 1024;

interface Agents {
  http: HttpAgent;
  https: HttpsAgent;
}

const agentsByPolicy = new Map<boolean, Agents>();

/**
 * The agents deliveries connect through: their DNS lookup refuses non-public addresses (see
 * `guardedLookup`), checked when a socket connects. A kept-alive socket stays on the address it was
 * checked for, so reusing it is as safe as a new one, without a TCP handshake per delivery. Idle
 * sockets close after 4 s, before a receiver's usual 5 s keep-alive timeout can close one under a
 * delivery.
 */
export function webhookAgents(policy: EgressPolicy, resolve?: Resolver): Agents {
  const cached = resolve ? undefined : agentsByPolicy.get(policy.allowPrivateTargets);
  if (cached) return cached;
  const lookup = guardedLookup(policy, resolve);
  const options = { keepAlive: true, timeout: 4_000, lookup };
  const agents = { http: new HttpAgent(options), https: new HttpsAgent(options) };
  if (!resolve) agentsByPolicy.set(policy.allowPrivateTargets, agents);
  return agents;
}

/**
 * POSTs one signed webhook. Only http(s); redirects are not followed (a 3xx is a failed attempt,
 * so an endpoint cannot bounce deliveries elsewhere); the address connected to is checked when
 * the socket connects, unless private targets are allowed.
 */
export async function postWebhook(request: DeliveryRequest, options: { resolve?: Resolver } = {}): Promise<DeliveryResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const failure = (error: string): DeliveryResult => ({ ok: false, statusCode: null, error, durationMs: elapsed(), excerpt: null });

  const target = checkWebhookUrl(request.url, request);
  if (!target.ok) return failure(`refused: ${target.reason}`);
  const agents = webhookAgents(request, options.resolve);
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  const signal = AbortSignal.timeout(request.timeoutMs);

  try {
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = send(target.url, {
        method: 'POST',
        agent: target.url.protocol === 'https:' ? agents.https : agents.http,
        headers: { ...request.headers, 'user-agent': 'ledgersync-webhooks/1', 'content-length': String(Buffer.byteLength(request.body)) },
        signal,
      });
      outgoing.once('response', resolve);
      outgoing.once('error', reject);
      outgoing.end(request.body);
    });
    const excerpt = await readExcerpt(response);
    const status = response.statusCode ?? 0;
    return { ok: status >= 200 && status < 300, statusCode: status, error: null, durationMs: elapsed(), excerpt };
  } catch (error) {
    if (signal.aborted) return failure(`no answer within ${request.timeoutMs} ms`);
    const { code, message, name } = error as NodeJS.ErrnoException;
    if (name === 'BlockedTargetError') return failure(`refused: ${message}`);
    return failure(code ?? message);
  }
}

async function readExcerpt(response: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      // Only an excerpt is kept; do not download a large answer.
      if (size >= EXCERPT_BYTES) break;
    }
  } catch {
    // An answer cut short still has its status; keep what arrived.
  } finally {
    response.destroy();
  }
  const text = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8');
  return text.length > 0 ? text : null;
}
