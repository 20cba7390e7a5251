import { type Db, findProjectById, listConnections, loadConnection, type Project } from '@ledgersync/db';
import type { SecretCipher } from '@ledgersync/secrets';
import { CliError } from '../output.js';
import { resolveProject } from './project-ref.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ListedConnection = Awaited<ReturnType<typeof listConnections>>[number];

/**
 * The connection a command acts on, and its project. `--connection ID` names its project itself,
 * so `--project` is needed only to check it; without `--connection`, the project's only
 * connection (several: the message lists them to pick from).
 */
export async function resolveConnection(
  db: Db,
  cipher: SecretCipher,
  refs: { project?: string; connection?: string },
): Promise<{ project: Project; connection: ListedConnection }> {
  if (refs.connection === undefined) {
    const project = await resolveProject(db, refs.project);
    const listed = await listConnections(db, project.id);
    if (listed.length === 1 && listed[0]) return { project, connection: listed[0] };
    if (listed.length === 0)
      throw new CliError(`project ${project.name} has no connection yet: pnpm ledgersync connections create --project ${project.name} ...`);
    const choices = listed.map((c) => `${c.id} (${c.provider}, tenant ${c.tenantId})`).join(', ');
    throw new CliError(`project ${project.name} has ${listed.length} connections: say which with --connection ID, one of ${choices}`);
  }
  const owner = UUID.test(refs.connection) ? await loadConnection(db, cipher, refs.connection).catch(() => undefined) : undefined;
  const project =
    refs.project !== undefined ? await resolveProject(db, refs.project) : owner && (await findProjectById(db, owner.projectId));
  const connection =
    owner && project && owner.projectId === project.id
      ? (await listConnections(db, project.id)).find((c) => c.id === refs.connection)
      : undefined;
  if (!project || !connection)
    throw new CliError(`no connection ${refs.connection}${refs.project !== undefined && project ? ` in project ${project.name}` : ''}`);
  return { project, connection };
}
