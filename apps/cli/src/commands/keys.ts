import { type Db, reencryptSecrets } from '@ledgersync/db';
import type { SecretCipher } from '@ledgersync/secrets';
import type { Command } from 'commander';
import { withContext } from '../context.js';
import { CliError, print } from '../output.js';
import { progress } from '../progress.js';

/**
 * Re-encrypts every stored secret under the active key, with a progress line, and says what is
 * left. Returns the printable result and whether rotation is complete.
 */
export async function rotateEncryptionKey(db: Db, cipher: SecretCipher) {
  let bar: ReturnType<typeof progress> | undefined;
  const report = await reencryptSecrets(db, cipher, {
    onProgress(done, total) {
      bar ??= progress('re-encrypting secrets', total);
      bar.tick(done);
    },
  });
  return {
    complete: report.remaining === 0 && report.undecryptable.length === 0,
    result: {
      active_key_id: cipher.activeKeyId,
      to_reencrypt: report.total,
      reencrypted: report.reencrypted,
      changed_meanwhile: report.changedMeanwhile,
      undecryptable: report.undecryptable,
      remaining: report.remaining,
    },
  };
}

export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('the encryption key of secrets at rest (OAuth credentials, webhook secrets)');

  keys
    .command('rotate')
    .description(
      're-encrypt every stored secret under LEDGERSYNC_ENCRYPTION_KEY; the keys they were written with must be in ' +
        'LEDGERSYNC_PREVIOUS_ENCRYPTION_KEYS. Safe to run again: secrets already under the key are left alone.',
    )
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withContext(async ({ db, keys: { cipher } }) => {
        const { complete, result } = await rotateEncryptionKey(db, cipher);
        print(result, options.json ?? false);
        if (result.undecryptable.length > 0) {
          const ids = [...new Set(result.undecryptable.map((entry) => entry.keyId))].join(', ');
          throw new CliError(
            `${result.undecryptable.length} secret(s) are under key(s) ${ids}, which no configured key matches: ` +
              'add the key(s) to LEDGERSYNC_PREVIOUS_ENCRYPTION_KEYS and run this again',
          );
        }
        // Only a process still writing with the replaced key as its active one leaves secrets behind.
        if (!complete)
          throw new CliError(
            `${result.remaining} secret(s) were written under another key meanwhile: restart every process with the new key, then run this again`,
          );
      });
    });
}
