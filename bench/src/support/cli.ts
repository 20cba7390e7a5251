import { parseArgs } from 'node:util';

export const SCENARIOS = ['intake', 'pipeline', 'rate-limit', 'fairness', 'backlog', 'slow-provider'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface BenchOptions {
  quick: boolean;
  jsonFile: string | undefined;
  svgFile: string | undefined;
  markdownFile: string | undefined;
  profile: boolean;
  only: ScenarioName[];
}

export const USAGE = `pnpm bench [--quick] [--json FILE] [--svg FILE] [--markdown FILE] [--profile] [--only ${SCENARIOS.join(',')}]

  --quick        every scenario shorter (under 3 minutes in all); the rate-limit window is scaled down
  --json FILE    also write the figures as JSON
  --svg FILE     also write the chart (ledgersync beside each floor) as SVG
  --markdown FILE  also write the table as Markdown
  --profile      run every process with --cpu-prof and print where its time went
  --only LIST    run these scenarios only (comma-separated)
`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'string' },
      svg: { type: 'string' },
      markdown: { type: 'string' },
      profile: { type: 'boolean', default: false },
      only: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const only = (values.only?.split(',').map((name) => name.trim()) ?? [...SCENARIOS]) as ScenarioName[];
  const unknown = only.filter((name) => !SCENARIOS.includes(name));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}; the scenarios are ${SCENARIOS.join(', ')}`);
  return { quick: values.quick, jsonFile: values.json, svgFile: values.svg, markdownFile: values.markdown, profile: values.profile, only };
}
