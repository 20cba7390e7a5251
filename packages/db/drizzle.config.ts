import { defineConfig } from 'drizzle-kit';

// `pnpm db:generate` writes a new SQL migration after a schema change; commit it. Migrations are
// applied by `migrate()` (start-up, CLI and tests), never by `drizzle-kit push`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './drizzle',
  casing: 'snake_case',
});
