-- Money is exact: the balance becomes numeric. Through its text, not a direct cast: float8::numeric
-- keeps 15 significant digits (99999999999999.98 would become 100000000000000), while the text is
-- the shortest that reads back as the same double, the value the API has been answering.
ALTER TABLE "accounts" ALTER COLUMN "current_balance" SET DATA TYPE numeric USING "current_balance"::text::numeric;
