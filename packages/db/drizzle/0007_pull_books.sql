CREATE TABLE "company_infos" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"name" text,
	"legal_name" text,
	"tax_number" text,
	"fiscal_year_end_month" integer,
	"fiscal_year_end_day" integer,
	"currency" text,
	"urls" jsonb,
	"country" text,
	"field_mappings" jsonb,
	"direction" text DEFAULT 'push' NOT NULL,
	"sync_status" text DEFAULT 'pending' NOT NULL,
	"sync_attempts" integer DEFAULT 0 NOT NULL,
	"retry_generation" integer DEFAULT 0 NOT NULL,
	"last_error" jsonb,
	"remote_id" text,
	"remote_data" jsonb,
	"last_attempt_at" timestamp (3) with time zone,
	"synced_at" timestamp (3) with time zone,
	"remote_updated_at" timestamp (3) with time zone,
	"remote_deleted_at" timestamp (3) with time zone,
	"pulled_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "company_infos_connection_id_remote_id_key" UNIQUE("connection_id","remote_id")
);
--> statement-breakpoint
CREATE TABLE "tax_rates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"description" text,
	"total_tax_ratge" numeric,
	"effective_tax_rate" numeric,
	"company_id" uuid,
	"field_mappings" jsonb,
	"direction" text DEFAULT 'push' NOT NULL,
	"sync_status" text DEFAULT 'pending' NOT NULL,
	"sync_attempts" integer DEFAULT 0 NOT NULL,
	"retry_generation" integer DEFAULT 0 NOT NULL,
	"last_error" jsonb,
	"remote_id" text,
	"remote_data" jsonb,
	"last_attempt_at" timestamp (3) with time zone,
	"synced_at" timestamp (3) with time zone,
	"remote_updated_at" timestamp (3) with time zone,
	"remote_deleted_at" timestamp (3) with time zone,
	"pulled_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tax_rates_connection_id_remote_id_key" UNIQUE("connection_id","remote_id")
);
--> statement-breakpoint
CREATE TABLE "tracking_categories" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"name" text,
	"status" text,
	"category_type" text,
	"parent_category_id" uuid,
	"parent_remote_id" text,
	"field_mappings" jsonb,
	"direction" text DEFAULT 'push' NOT NULL,
	"sync_status" text DEFAULT 'pending' NOT NULL,
	"sync_attempts" integer DEFAULT 0 NOT NULL,
	"retry_generation" integer DEFAULT 0 NOT NULL,
	"last_error" jsonb,
	"remote_id" text,
	"remote_data" jsonb,
	"last_attempt_at" timestamp (3) with time zone,
	"synced_at" timestamp (3) with time zone,
	"remote_updated_at" timestamp (3) with time zone,
	"remote_deleted_at" timestamp (3) with time zone,
	"pulled_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tracking_categories_connection_id_remote_id_key" UNIQUE("connection_id","remote_id")
);
--> statement-breakpoint
CREATE TABLE "pull_states" (
	"project_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"object" text NOT NULL,
	"status" text DEFAULT 'idle' NOT NULL,
	"mode" text,
	"page_token" text,
	"pass_started_at" timestamp (3) with time zone,
	"pass_since" text,
	"pass_added" integer DEFAULT 0 NOT NULL,
	"pass_updated" integer DEFAULT 0 NOT NULL,
	"pass_deleted" integer DEFAULT 0 NOT NULL,
	"full_requested" boolean DEFAULT false NOT NULL,
	"watermark" text,
	"last_success_at" timestamp (3) with time zone,
	"last_full_at" timestamp (3) with time zone,
	"last_error" jsonb,
	"next_run_at" timestamp (3) with time zone,
	"frequency_seconds" integer,
	"records" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pull_states_connection_id_object_pk" PRIMARY KEY("connection_id","object")
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "parent_remote_id" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "remote_updated_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "remote_deleted_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "pulled_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "pull_frequency_seconds" integer;--> statement-breakpoint
ALTER TABLE "company_infos" ADD CONSTRAINT "company_infos_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_infos" ADD CONSTRAINT "company_infos_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_rates" ADD CONSTRAINT "tax_rates_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_rates" ADD CONSTRAINT "tax_rates_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_categories" ADD CONSTRAINT "tracking_categories_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_categories" ADD CONSTRAINT "tracking_categories_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_categories" ADD CONSTRAINT "tracking_categories_parent_category_id_tracking_categories_id_fk" FOREIGN KEY ("parent_category_id") REFERENCES "public"."tracking_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pull_states" ADD CONSTRAINT "pull_states_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pull_states" ADD CONSTRAINT "pull_states_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "company_infos_connection_id_id_index" ON "company_infos" USING btree ("connection_id","id");--> statement-breakpoint
CREATE INDEX "tax_rates_connection_id_id_index" ON "tax_rates" USING btree ("connection_id","id");--> statement-breakpoint
CREATE INDEX "tracking_categories_connection_id_id_index" ON "tracking_categories" USING btree ("connection_id","id");--> statement-breakpoint
CREATE INDEX "tracking_categories_connection_id_parent_remote_id_index" ON "tracking_categories" USING btree ("connection_id","parent_remote_id");--> statement-breakpoint
CREATE INDEX "pull_states_next_run_at_index" ON "pull_states" USING btree ("next_run_at");--> statement-breakpoint
CREATE INDEX "accounts_connection_id_parent_remote_id_index" ON "accounts" USING btree ("connection_id","parent_remote_id");