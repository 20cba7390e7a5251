/**
 * Writes the OpenAPI document the routes describe to openapi.yaml at the repository's root
 * (`pnpm openapi`). A test fails while the committed copy differs from it.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderOpenApiYaml } from '../src/openapi/offline.js';

const target = fileURLToPath(new URL('../../../openapi.yaml', import.meta.url));
writeFileSync(target, await renderOpenApiYaml());
process.stdout.write(`wrote ${target}\n`);
