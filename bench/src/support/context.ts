/** What every scenario is given by the run. */
export interface RunContext {
  quick: boolean;
  /** The migrated template database each scenario clones. */
  template: string;
  /** Logs of the processes the run starts. */
  outDir: string;
  /** Where processes write CPU profiles (`--profile`), or undefined. */
  profileDir: string | undefined;
  /** A progress line on stderr (the table goes to stdout). */
  progress(message: string): void;
}

/** One line of the printed table (and of the chart, when it has a floor). */
export interface TableRow {
  scenario: string;
  metric: string;
  ledgersync: string;
  floor: string;
  /** ledgersync ÷ floor (as in the JSON); the goal says which way is better. Undefined without a floor. */
  ratio?: number;
  goal: string;
  /** Undefined for a figure shown for context, with no goal of its own. */
  met: boolean | undefined;
}

/** A bar pair of the chart: ledgersync beside its floor, in the metric's unit. */
export interface ChartPair {
  label: string;
  unit: string;
  ledgersync: number;
  floor: number;
  floorName: string;
  /** For latency, lower is better. */
  lowerIsBetter: boolean;
}

export interface ScenarioOutcome<T> {
  json: T;
  rows: TableRow[];
  chart: ChartPair[];
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
