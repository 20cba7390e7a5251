import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  /** The body of the n-th request (n counts across every run of one target). */
  body: (n: number) => unknown;
  connections: number;
  durationS: number;
}

export interface LoadResult {
  /** 2xx answers per second. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  /** Answers other than 2xx, connection errors and timeouts: any of them makes the figure suspect. */
  failed: number;
  durationS: number;
}

/** One autocannon run of POSTs; each request carries its own body (so each creates its own account). */
export async function postLoad(options: LoadOptions, counter: { n: number }): Promise<LoadResult> {
  const url = new URL(options.url);
  const result = await autocannon({
    url: url.origin,
    connections: options.connections,
    duration: options.durationS,
    requests: [
      {
        method: 'POST',
        path: url.pathname,
        headers: { ...options.headers, 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: JSON.stringify(options.body(counter.n++)) }),
      },
    ],
  });
  const ok = result['2xx'];
  return {
    rps: ok / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
    durationS: result.duration,
  };
}

/** Several runs of one target read as one: answers summed, latency percentiles weighted by answers. */
export function combine(runs: readonly LoadResult[]): LoadResult {
  const ok = runs.reduce((sum, run) => sum + run.ok, 0);
  const durationS = runs.reduce((sum, run) => sum + run.durationS, 0);
  const weighted = (pick: (run: LoadResult) => number) => runs.reduce((sum, run) => sum + pick(run) * run.ok, 0) / Math.max(1, ok);
  return {
    rps: ok / durationS,
    p50Ms: weighted((run) => run.p50Ms),
    p99Ms: weighted((run) => run.p99Ms),
    ok,
    failed: runs.reduce((sum, run) => sum + run.failed, 0),
    durationS,
  };
}
