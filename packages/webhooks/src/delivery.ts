export interface DeliveryRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

export interface DeliveryResult {
  /** 2xx: the endpoint took it. Anything else is retried on the delivery schedule. */
  ok: boolean;
  statusCode: number | null;
  /** Network failure or timeout, when there was no HTTP answer. */
  error: string | null;
  durationMs: number;
  /** The first KiB of the answer, for the attempt log. */
  excerpt: string | null;
}

const EXCERPT_BYTES = 1024;

/**
 * POSTs one signed webhook. Redirects are not followed: a 3xx is a failed attempt, so an endpoint
 * cannot bounce deliveries to an address it was not registered with.
 */
export async function postWebhook(request: DeliveryRequest): Promise<DeliveryResult> {
  const started = performance.now();
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: { ...request.headers, 'user-agent': 'ledgersync-webhooks/1' },
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const excerpt = await readExcerpt(response);
    return {
      ok: response.status >= 200 && response.status < 300,
      statusCode: response.status,
      error: null,
      durationMs: Math.round(performance.now() - started),
      excerpt,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const timedOut = (error as Error).name === 'TimeoutError';
    return {
      ok: false,
      statusCode: null,
      error: timedOut ? `no answer within ${request.timeoutMs} ms` : (cause?.code ?? (error as Error).message),
      durationMs: Math.round(performance.now() - started),
      excerpt: null,
    };
  }
}

async function readExcerpt(response: Response): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    // Only an excerpt is kept; do not download a large answer.
    await reader.cancel().catch(() => {});
  }
  const text = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8');
  return text.length > 0 ? text : null;
}
