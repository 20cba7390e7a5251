import { issueToken, tokenMatches, tokenPrefix } from '@ledgersync/secrets';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { apiKeys, projects } from '../schema/index.js';

export type Project = typeof projects.$inferSelect;

export async function findProjectByName(db: Executor, name: string): Promise<Project | undefined> {
  const [project] = await db.select().from(projects).where(eq(projects.name, name));
  return project;
}

export async function findProjectById(db: Executor, id: string): Promise<Project | undefined> {
  const [project] = await db.select().from(projects).where(eq(projects.id, id));
  return project;
}

/** The project named `name`, created when missing (`created` says which). */
export async function ensureProject(db: Executor, name: string): Promise<{ project: Project; created: boolean }> {
  const [inserted] = await db.insert(projects).values({ name }).onConflictDoNothing().returning();
  if (inserted) return { project: inserted, created: true };
  const existing = await findProjectByName(db, name);
  if (!existing) throw new Error(`project ${name} vanished while being created`);
  return { project: existing, created: false };
}

export interface NewApiKey {
  id: string;
  prefix: string;
  /** The key itself: shown once, never stored. */
  key: string;
}

export async function createApiKey(db: Executor, projectId: string, label?: string): Promise<NewApiKey> {
  const issued = issueToken('lsk');
  const [row] = await db
    .insert(apiKeys)
    .values({ projectId, prefix: issued.prefix, hash: issued.hash, label: label ?? null })
    .returning({ id: apiKeys.id });
  if (!row) throw new Error('api key insert returned nothing');
  return { id: row.id, prefix: issued.prefix, key: issued.token };
}

export interface Caller {
  projectId: string;
  apiKeyId: string;
}

/** A live (unrevoked) API key as stored: its hash, never the key. */
export interface StoredApiKey {
  id: string;
  projectId: string;
  prefix: string;
  hash: string;
}

/** Live keys by their visible prefix, several at once (the API batches concurrent requests). */
export function liveApiKeys(db: Executor, prefixes: readonly string[]): Promise<StoredApiKey[]> {
  if (prefixes.length === 0) return Promise.resolve([]);
  return db
    .select({ id: apiKeys.id, projectId: apiKeys.projectId, prefix: apiKeys.prefix, hash: apiKeys.hash })
    .from(apiKeys)
    .where(and(inArray(apiKeys.prefix, [...prefixes]), isNull(apiKeys.revokedAt)));
}

/** The caller a presented key stands for, when it matches the stored key (constant time). */
export function callerForKey(key: string, stored: StoredApiKey | undefined): Caller | null {
  if (!stored || !tokenMatches(key, stored.hash)) return null;
  return { projectId: stored.projectId, apiKeyId: stored.id };
}

/** The project a presented key belongs to, or null for a malformed, unknown or revoked key. */
export async function authenticateApiKey(db: Executor, key: string): Promise<Caller | null> {
  const prefix = tokenPrefix(key, 'lsk');
  if (!prefix) return null;
  const [stored] = await liveApiKeys(db, [prefix]);
  return callerForKey(key, stored);
}

export async function listApiKeys(db: Executor, projectId: string) {
  return db
    .select({ id: apiKeys.id, prefix: apiKeys.prefix, label: apiKeys.label, createdAt: apiKeys.createdAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.projectId, projectId))
    .orderBy(apiKeys.createdAt);
}

/** Revokes a key by its visible prefix; false when the project has no such live key. */
export async function revokeApiKey(db: Executor, projectId: string, prefix: string): Promise<boolean> {
  const revoked = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.projectId, projectId), eq(apiKeys.prefix, prefix), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return revoked.length > 0;
}
