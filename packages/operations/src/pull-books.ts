import { type Db, ensurePullStates, type PulledObjectName, requestFullPulls } from '@ledgersync/db';
import { type Queues, requeuePulls } from '@ledgersync/jobs';
import type { OperationLog } from './log.js';

/**
 * Starts a full pull of the objects a connection's provider offers (`pulledObjectsOf(provider)`
 * from @ledgersync/providers, which the caller knows): put on the schedule in Postgres (due now),
 * then enqueued. A new connection (CLI, sandbox, connect flow), `POST /sync/resync` and
 * `connections sync --full` all start one here. Redis down: the pulls are due in Postgres, and the
 * sweeper enqueues them once it is back. Returns whether the pulls were enqueued now.
 */
export async function startFullPull(
  deps: { db: Db; queues: Queues },
  connection: { id: string; projectId: string },
  objects: readonly PulledObjectName[],
  log: OperationLog,
): Promise<boolean> {
  return startPull(deps, connection, objects, 'full', log);
}

/** {@link startFullPull} or an incremental pull of what changed since the last one (`connections sync` without `--full`). */
export async function startPull(
  deps: { db: Db; queues: Queues },
  connection: { id: string; projectId: string },
  objects: readonly PulledObjectName[],
  mode: 'full' | 'incremental',
  log: OperationLog,
): Promise<boolean> {
  if (objects.length === 0) return true;
  await ensurePullStates(deps.db, { projectId: connection.projectId, connectionId: connection.id }, objects, new Date());
  // A pull of the object already queued keeps its job: it reads this flag and pulls in full.
  if (mode === 'full') await requestFullPulls(deps.db, connection.id, objects);
  try {
    await requeuePulls(
      deps.queues,
      objects.map((object) => ({ connection_id: connection.id, object, mode })),
    );
    return true;
  } catch (error) {
    log.warn({ err: error, connectionId: connection.id }, 'could not enqueue the pulls; the sweeper will once Redis is back');
    return false;
  }
}
