export { provisionSandbox, type SandboxCredentials } from './commands/sandbox.js';
export { type CliContext, type QueueAccess, withContext } from './context.js';
export type { CliRunMessage } from './embedded-server.js';
export { describeFailure, runCommand } from './program.js';
export type { CliSession } from './session.js';
