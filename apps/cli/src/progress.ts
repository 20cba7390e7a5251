/**
 * A progress line on stderr for long commands: redrawn in place on a terminal, one line per 10 %
 * otherwise (CI logs), so stdout keeps only the command's result.
 */
export function progress(label: string, total: number) {
  const tty = process.stderr.isTTY === true;
  let lastDecile = -1;
  return {
    tick(done: number) {
      if (total === 0) return;
      if (tty) {
        const width = 30;
        const filled = Math.round((done / total) * width);
        process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
        if (done === total) process.stderr.write('\n');
        return;
      }
      const decile = Math.floor((done / total) * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        process.stderr.write(`${label}: ${done}/${total}\n`);
      }
    },
  };
}
