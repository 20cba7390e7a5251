import { readFileSync } from 'node:fs';
import { READ_EPOCH } from '../epoch.js';

/**
 * A script of the lua folder beside this module: in src when run from the sources (tsx, tests),
 * in dist when built (the package's build script copies the folder, which tsc does not).
 */
function lua(name: string): string {
  return readFileSync(new URL(`./lua/${name}.lua`, import.meta.url), 'utf8');
}

// Each script is its parts in order, read once at module load: the time first (now.lua), then
// the helpers it calls, then its body.
const NOW = lua('now');
const WINDOW_FULL = lua('window-full');
const HOLD = lua('hold');

/** The limiter's scripts, as the Redis limiter defines them as commands. */
export const LIMITER_SCRIPTS = {
  admit: { lua: [NOW, WINDOW_FULL, READ_EPOCH.replaceAll('EPOCH', '5'), lua('admit')].join('\n'), numberOfKeys: 6 },
  release: { lua: [NOW, lua('release')].join('\n'), numberOfKeys: 2 },
  pushBack: { lua: [NOW, HOLD].join('\n'), numberOfKeys: 1 },
  quotaSpent: { lua: [NOW, WINDOW_FULL, lua('quota-spent'), HOLD].join('\n'), numberOfKeys: 3 },
} as const;
