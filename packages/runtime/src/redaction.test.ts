import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { redaction } from './logger.js';
import { redactSecrets } from './redaction.js';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: pino({ level: 'info', ...redaction }, sink), lines };
}

describe('secrets in log lines', () => {
  it('are replaced at every level a line is likely to carry them, headers included', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        token: 'tok-1',
        connection: { id: 'c1', credentials: { accessToken: 'at-2' } },
        req: { headers: { authorization: 'Bearer at-3', 'x-api-key': 'lsk-4', 'x-connection-token': 'lct-5', accept: 'json' } },
        list: [{ refresh_token: 'rt-6' }],
      },
      'line',
    );
    const line = lines.join('');
    for (const secret of ['tok-1', 'at-2', 'at-3', 'lsk-4', 'lct-5', 'rt-6']) expect(line).not.toContain(secret);
    const logged = JSON.parse(line);
    expect(logged.connection).toEqual({ id: 'c1', credentials: '[redacted]' });
    expect(logged.req.headers).toEqual({
      authorization: '[redacted]',
      'x-api-key': '[redacted]',
      'x-connection-token': '[redacted]',
      accept: 'json',
    });
    expect(logged.list).toEqual([{ refresh_token: '[redacted]' }]);
  });

  it('are kept out of child loggers’ bindings and of errors, which keep their message and stack', () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error('refresh refused'), { credentials: { clientSecret: 'cs-7' } });
    logger.child({ secret: 'whsec-8' }).error({ err: error }, 'failed');
    const logged = JSON.parse(lines.join(''));
    expect(JSON.stringify(logged)).not.toMatch(/cs-7|whsec-8/);
    expect(logged.err).toMatchObject({ type: 'Error', message: 'refresh refused', credentials: '[redacted]' });
    expect(logged.err.stack).toContain('refresh refused');
  });

  it('leave the logged object itself untouched, and a line without secrets as it is', () => {
    const logged = { connection: { credentials: { accessToken: 'at' } } };
    expect(redactSecrets(logged)).toEqual({ connection: { credentials: '[redacted]' } });
    expect(logged.connection.credentials.accessToken).toBe('at');
    const plain = { method: 'POST', url: '/accounting/accounts', statusCode: 201 };
    expect(redactSecrets(plain)).toBe(plain);
  });
});
