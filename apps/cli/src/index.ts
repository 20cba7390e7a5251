export { withContext, type CliContext } from './context.js';
export { provisionSandbox, type SandboxCredentials } from './commands/sandbox.js';
