import { uuid } from 'drizzle-orm/pg-core';
import { id } from './columns.js';
import { connections, projects } from './tenancy.js';

/**
 * The columns every object's table starts with: its id, and the project and connection it belongs
 * to (every read is scoped by them; deleting either deletes the record).
 */
export const owned = () => ({
  id: id(),
  projectId: uuid()
    .notNull()
    .references(() => projects.id, { onDelete: 'cascade' }),
  connectionId: uuid()
    .notNull()
    .references(() => connections.id, { onDelete: 'cascade' }),
});
