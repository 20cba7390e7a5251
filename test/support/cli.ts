import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const bin = fileURLToPath(new URL('../../apps/cli/bin/ledgersync.mjs', import.meta.url));

/** Runs the real `ledgersync` command with only the given environment (and PATH). */
export function runCli(env: Record<string, string | undefined>, ...args: string[]) {
  return runCliIn(undefined, env, ...args);
}

/** {@link runCli} in a working folder of its own, as a user in another terminal. */
export async function runCliIn(cwd: string | undefined, env: Record<string, string | undefined>, ...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], {
      cwd,
      env: { PATH: process.env.PATH, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}
