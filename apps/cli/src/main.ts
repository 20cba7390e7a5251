import { findEmbeddedServer } from './embedded-server.js';
import { loadCliEnv } from './env.js';
import { describeFailure, runCommand } from './program.js';
import { processSession } from './session.js';

// `pnpm ledgersync <command>`: the operator's tool for projects, keys, connections and webhooks.
// In the embedded mode a running server owns the data folder: the command line goes to it and
// runs there, with the same output and exit code as here.
const argv = process.argv.slice(2);
const session = processSession();
let code: number;
try {
  const server = await findEmbeddedServer(loadCliEnv(), session);
  code = server ? await server.run(argv, session) : await runCommand(argv, session);
} catch (error) {
  session.stderr(`ledgersync: ${describeFailure(error)}\n`);
  code = 1;
}
process.exit(code);
