import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
  parent?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  /** Sampled time, ms. */
  totalMs: number;
  /** Share of samples in which the process was idle (waiting for I/O). */
  idle: number;
  /**
   * Time by the package (or workspace package) nearest the top of the stack: Node's own code and
   * native calls (a socket write, a hash) count for the package that called them, so a query's
   * syscall counts as the Postgres client's. Largest first.
   */
  byOwner: { owner: string; share: number }[];
  /** Self time by function, largest first. */
  byFunction: { name: string; share: number }[];
}

/** The package a script belongs to (npm or workspace), or undefined for Node's own code and native frames. */
function packageOf(url: string): string | undefined {
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  const ours = /\/(apps|packages|bench)\/(?:([^/]+)\/)?src\//.exec(url);
  if (ours) return ours[1] === 'bench' ? 'bench' : `@ledgersync/${ours[2]}`;
  return undefined;
}

/**
 * Where a `--cpu-prof` profile's time went (sampled), leaving out the first `skipMs` (start-up:
 * loading and compiling modules).
 */
export function summarizeProfile(file: string, options: { top?: number; skipMs?: number } = {}): ProfileSummary {
  const top = options.top ?? 15;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const node of profile.nodes)
    for (const child of node.children ?? []) {
      const found = byId.get(child);
      if (found) found.parent = node.id;
    }
  const selfUs = new Map<number, number>();
  let elapsed = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    elapsed += delta;
    if (elapsed / 1000 >= (options.skipMs ?? 0)) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const ownerOf = (id: number): string => {
    const frame = byId.get(id)?.callFrame;
    if (frame && !frame.url) {
      if (frame.functionName === '(garbage collector)' || frame.functionName === '(program)') return frame.functionName;
    }
    for (let node = byId.get(id); node; node = node.parent === undefined ? undefined : byId.get(node.parent)) {
      const owner = packageOf(node.callFrame.url);
      if (owner) return owner;
    }
    return frame?.url.startsWith('node:') ? 'node (core)' : '(native)';
  };
  let total = 0;
  let idle = 0;
  const owners = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    total += us;
    if (frame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    const owner = ownerOf(id);
    owners.set(owner, (owners.get(owner) ?? 0) + us);
    const file = frame.url.split('/').slice(-2).join('/');
    const name = `${frame.functionName || '(anonymous)'} ${file ? `${file}:${frame.lineNumber + 1}` : ''}`.trim();
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const busy = Math.max(1, total - idle);
  const ranked = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, us]) => ({ key, share: us / busy }));
  return {
    totalMs: total / 1000,
    idle: idle / Math.max(1, total),
    byOwner: ranked(owners).map(({ key, share }) => ({ owner: key, share })),
    byFunction: ranked(functions).map(({ key, share }) => ({ name: key, share })),
  };
}

/** The summary as text: one line per owner and per function, shares of busy (non-idle) time. */
export function formatProfile(name: string, summary: ProfileSummary): string {
  const pct = (share: number) => `${(share * 100).toFixed(1).padStart(5)} %`;
  return [
    `${name}: ${(summary.totalMs / 1000).toFixed(1)} s sampled, ${(summary.idle * 100).toFixed(0)} % idle; busy time by package (native calls count for their caller):`,
    ...summary.byOwner.map((entry) => `  ${pct(entry.share)}  ${entry.owner}`),
    '  by function (self time):',
    ...summary.byFunction.map((entry) => `  ${pct(entry.share)}  ${entry.name}`),
  ].join('\n');
}
