CREATE TABLE "deployment" (
	"one" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deployment_one_row" CHECK ("deployment"."one")
);
--> statement-breakpoint
-- The id is made here, once per database: gen_random_uuid() is built into PostgreSQL 13+ and PGlite (no
-- extension). A restore replaces this row with the backup's, so a restored database stays the same deployment.
INSERT INTO "deployment" DEFAULT VALUES;
