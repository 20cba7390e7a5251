-- One pipeline for every object (issue 17). Existing rows move into the new shape; the API's
-- answers about them stay the same.

-- Every account so far was created by a client and pushed.
ALTER TABLE "accounts" ADD COLUMN "direction" text DEFAULT 'push' NOT NULL;--> statement-breakpoint

-- Events name their object and record instead of an account: the account ones become
-- ('account', its id); a connection's event (no account) names none.
ALTER TABLE "events" ADD COLUMN "object" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "record_id" uuid;--> statement-breakpoint
UPDATE "events" SET "object" = 'account', "record_id" = "account_id" WHERE "account_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "events" DROP COLUMN "account_id";--> statement-breakpoint

-- One row per provider record. Pending rows have no remote id (NULLs do not collide). Two rows of
-- a connection naming the same provider record would be one account stored twice: rather than
-- pick one silently, the upgrade stops and names them, so the operator decides.
DO $$
DECLARE
  duplicates text;
BEGIN
  SELECT string_agg(format('connection %s remote_id %s: accounts %s', connection_id, remote_id, ids), '; ')
    INTO duplicates
    FROM (
      SELECT connection_id, remote_id, string_agg(id::text, ', ' ORDER BY id) AS ids
      FROM "accounts" WHERE remote_id IS NOT NULL
      GROUP BY connection_id, remote_id HAVING count(*) > 1
    ) AS d;
  IF duplicates IS NOT NULL THEN
    RAISE EXCEPTION 'accounts that name the same provider record on one connection: %', duplicates
      USING HINT = 'keep one of each (set remote_id to null on the others, or delete them) and run the migration again';
  END IF;
END $$;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_connection_id_remote_id_key" UNIQUE("connection_id","remote_id");
