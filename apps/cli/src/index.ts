export { provisionSandbox, type SandboxCredentials } from './commands/sandbox.js';
export { type CliContext, withContext } from './context.js';
