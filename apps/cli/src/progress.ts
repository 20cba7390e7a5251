import { currentSession } from './session.js';

/**
 * A progress line on stderr for long commands: redrawn in place on a terminal, one line per 10 %
 * otherwise (CI logs), so stdout keeps only the command's result. A command the embedded server
 * runs for a CLI draws on that CLI's terminal: the session streams stderr back as it comes.
 */
export function progress(label: string, total: number) {
  const { stderr, stderrIsTTY: tty } = currentSession();
  let lastDecile = -1;
  return {
    tick(done: number) {
      if (total === 0) return;
      if (tty) {
        const width = 30;
        const filled = Math.round((done / total) * width);
        stderr(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
        if (done === total) stderr('\n');
        return;
      }
      const decile = Math.floor((done / total) * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        stderr(`${label}: ${done}/${total}\n`);
      }
    },
  };
}

/** Progress of the migrations a command applies first; silent when one or none is pending. */
export function migrationProgress() {
  let bar: ReturnType<typeof progress> | undefined;
  return (done: number, total: number) => {
    if (total < 2) return;
    bar ??= progress('applying migrations', total);
    bar.tick(done);
  };
}
