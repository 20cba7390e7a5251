import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { formatProfile, summarizeProfile } from './report/profile.js';
import { renderChart } from './report/svg.js';
import { formatMarkdownTable, formatTable } from './report/table.js';
import { runBacklog } from './scenarios/backlog.js';
import { runFairness } from './scenarios/fairness.js';
import { runIntake } from './scenarios/intake.js';
import { runPipeline } from './scenarios/pipeline.js';
import { runRateLimit } from './scenarios/rate-limit.js';
import { runSlowProvider } from './scenarios/slow-provider.js';
import { parseOptions, type ScenarioName, USAGE } from './support/cli.js';
import type { ChartPair, RunContext, ScenarioOutcome, TableRow } from './support/context.js';
import { currentLoad, describeMachine } from './support/machine.js';
import { createTemplate, dropLeftovers } from './support/services.js';

// The suite: each scenario beside its floor, one after another, on the local Postgres and Redis.
// Scenario code lives in scenarios/, the floors in floors/; see docs/benchmarks.md.

const RUNNERS: Record<ScenarioName, { key: string; run: (ctx: RunContext) => Promise<ScenarioOutcome<unknown>> }> = {
  intake: { key: 'intake', run: runIntake },
  pipeline: { key: 'pipeline', run: runPipeline },
  'rate-limit': { key: 'rate_limit', run: runRateLimit },
  fairness: { key: 'fairness', run: runFairness },
  backlog: { key: 'backlog', run: runBacklog },
  'slow-provider': { key: 'slow_provider', run: runSlowProvider },
};

let options: ReturnType<typeof parseOptions>;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}

const began = Date.now();
const outDir = mkdtempSync(join(tmpdir(), 'ledgersync-bench-'));
const profileDir = options.profile ? join(outDir, 'profiles') : undefined;
const progress = (message: string) => process.stderr.write(`[${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);

process.once('SIGINT', () => {
  progress('interrupted: dropping the databases of this run');
  void dropLeftovers().finally(() => process.exit(130));
});

const machine = await describeMachine();
progress(
  `${options.quick ? 'quick' : 'full'} run on ${machine.cores} cores, ${machine.ram_gb} GB, Node ${machine.node}, Postgres ${machine.postgres}, Redis ${machine.redis} (load ${machine.load_at_start}); logs in ${outDir}`,
);
const template = await createTemplate();
const ctx: RunContext = { quick: options.quick, template: template.name, outDir, profileDir, progress };
const figures: Record<string, unknown> = {};
const rows: TableRow[] = [];
const chart: ChartPair[] = [];
let crashed = false;
try {
  for (const name of options.only) {
    const runner = RUNNERS[name];
    const started = Date.now();
    try {
      const outcome = await runner.run(ctx);
      figures[runner.key] = outcome.json;
      rows.push(...outcome.rows);
      chart.push(...outcome.chart);
      progress(`${name} done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    } catch (error) {
      crashed = true;
      progress(`${name} failed: ${(error as Error).stack ?? String(error)}`);
      rows.push({ scenario: name, metric: 'the scenario failed to run', ledgersync: '—', floor: '—', goal: '—', met: false });
    }
  }
} finally {
  await template.drop();
  await dropLeftovers();
}

const durationS = Math.round((Date.now() - began) / 1000);
machine.load_at_end = currentLoad();
const subtitle = `${options.quick ? '--quick' : 'full'} run, ${new Date(began).toISOString().slice(0, 16).replace('T', ' ')} UTC, ${machine.cores} cores, Node ${machine.node}, Postgres ${machine.postgres}, Redis ${machine.redis}, load ${machine.load_at_start}→${machine.load_at_end}`;
process.stdout.write(`\n${formatTable(rows)}\n\n${subtitle}; ${durationS} s in all\n`);

const write = (file: string, text: string) => {
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  progress(`wrote ${path}`);
};
if (options.jsonFile) {
  write(
    options.jsonFile,
    `${JSON.stringify({ ...figures, machine, mode: options.quick ? 'quick' : 'full', started_at: new Date(began).toISOString(), duration_s: durationS }, null, 2)}\n`,
  );
}
if (options.svgFile) write(options.svgFile, renderChart(chart, subtitle));
if (options.markdownFile) write(options.markdownFile, `${formatMarkdownTable(rows)}\n\n${subtitle}; ${durationS} s in all.\n`);
if (profileDir) {
  const summaries: string[] = [];
  for (const service of readdirSync(profileDir)) {
    // The main thread's profile is the largest; the module loader's thread writes a small one.
    const folder = join(profileDir, service);
    const files = readdirSync(folder)
      .filter((file) => file.endsWith('.cpuprofile'))
      .map((file) => join(folder, file));
    const main = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
    const skipMs = Number(readFileSync(join(folder, 'ready-after-ms'), 'utf8'));
    if (main) summaries.push(formatProfile(`${service} (${main})`, summarizeProfile(main, { skipMs })));
  }
  process.stdout.write(`\nWhere each process spent its CPU time after start-up (sampled by --cpu-prof):\n\n${summaries.join('\n\n')}\n`);
}
process.exit(crashed ? 1 : 0);
