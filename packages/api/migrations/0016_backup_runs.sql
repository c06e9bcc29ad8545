CREATE TABLE "backup_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"file" text NOT NULL,
	"bytes" bigint NOT NULL,
	"encrypted" boolean NOT NULL
);
