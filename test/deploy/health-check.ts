import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';

/**
 * Runs a `node -e` health check (Dockerfile HEALTHCHECK or compose `healthcheck.test`) against a
 * stand-in API whose /healthz answers `status`, or against nothing when `status` is undefined.
 * Resolves to the check's exit code: 0 is healthy.
 */
export async function runHealthCheck(command: string[], status: number | undefined): Promise<number> {
  const [program, ...args] = command;
  if (program !== 'node') throw new Error(`a health check run by node, not ${program}`);
  const server = createServer((request, response) => {
    response.statusCode = request.url === '/healthz' ? (status ?? 500) : 404;
    response.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  if (status === undefined) await new Promise((resolve) => server.close(resolve));
  try {
    await promisify(execFile)(process.execPath, args, { env: { PORT: String(port) } });
    return 0;
  } catch (error) {
    return (error as { code?: number }).code ?? 1;
  } finally {
    if (status !== undefined) await new Promise((resolve) => server.close(resolve));
  }
}
