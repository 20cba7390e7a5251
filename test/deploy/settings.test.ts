import { readFileSync } from 'node:fs';
import { apiEnvSchema } from '@ledgersync/api';
import { serviceEnvSchema } from '@ledgersync/runtime';
import { workerEnvSchema } from '@ledgersync/worker';
import { describe, expect, it } from 'vitest';
import { settingNames } from './compose-file.js';

// Every setting an app reads is documented where operators look: .env.example and the README's
// Settings table. A setting added to an env module without docs fails here.
const root = new URL('../../', import.meta.url);
const envExample = readFileSync(new URL('.env.example', root), 'utf8');
const readme = readFileSync(new URL('README.md', root), 'utf8');
const settingsTable = readme.slice(readme.indexOf('## Settings'), readme.indexOf('\n## ', readme.indexOf('## Settings') + 1));

const settings = [...new Set([serviceEnvSchema, apiEnvSchema, workerEnvSchema].flatMap((schema) => settingNames(schema)))].sort();
const exampleKeys = new Set([...envExample.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]));

describe('settings documentation', () => {
  it.each(settings)('%s is in .env.example and in the README', (name) => {
    expect(exampleKeys.has(name), `.env.example lacks ${name}`).toBe(true);
    expect(settingsTable.includes(`\`${name}\``), `README Settings table lacks ${name}`).toBe(true);
  });

  it('documents no setting the apps do not read', () => {
    expect([...exampleKeys].filter((name) => name && !settings.includes(name))).toEqual([]);
  });
});
