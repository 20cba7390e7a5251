-- A retry round gets its own idempotency key (issue 12, finding 3): existing records start at
-- generation 0, whose key is the record id, as every attempt used before this release.
ALTER TABLE "accounts" ADD COLUMN "retry_generation" integer DEFAULT 0 NOT NULL;--> statement-breakpoint

-- The company's country, when known: QuickBooks limits AcctNum by it (issue 12, finding 8).
ALTER TABLE "connections" ADD COLUMN "company_country" text;
