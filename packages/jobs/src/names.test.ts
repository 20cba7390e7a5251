import { describe, expect, it } from 'vitest';
import { assertProcessors, JOBS, missingProcessors } from './names.js';

describe('the job registry', () => {
  it('names a queue for every kind; a push is on the push queue', () => {
    expect(JOBS.push.queue).toBe('push');
    expect(JOBS['deliver-webhook'].queue).toBe('webhooks');
    expect(JOBS.sweep.queue).toBe('maintenance');
    expect(JOBS.pull).toEqual({ queue: 'pull', built: true });
  });

  it('refuses a worker with no processor for a kind this release runs (pulls included)', () => {
    const run = async () => {};
    expect(() => assertProcessors({ push: run, 'deliver-webhook': run, pull: run })).toThrow(
      /no processor for job kind sweep: this worker cannot start/,
    );
    expect(missingProcessors({})).toEqual(['push', 'pull', 'deliver-webhook', 'sweep']);
    expect(() => assertProcessors({ push: run, 'deliver-webhook': run, sweep: run })).toThrow(/job kind pull/);
    expect(() => assertProcessors({ push: run, pull: run, 'deliver-webhook': run, sweep: run })).not.toThrow();
  });
});
