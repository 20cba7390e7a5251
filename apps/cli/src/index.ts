export { provisionSandbox, type SandboxCredentials } from './commands/sandbox.js';
export { type CliContext, type QueueAccess, withContext } from './context.js';
export { type CliRunMessage, WORKING_INTERVAL_MS } from './embedded-server.js';
export { MAX_FILE_CHARS } from './files.js';
export { CliError } from './output.js';
export { describeFailure, runCommand } from './program.js';
export type { CliSession } from './session.js';
