CREATE TABLE "segment_effort_prefs" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"hide_efforts" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "segment_efforts" (
	"id" serial PRIMARY KEY NOT NULL,
	"segment_id" integer NOT NULL,
	"workout_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"elapsed_s" real NOT NULL,
	"pace_s_per_km" real,
	"avg_hr" real
);
--> statement-breakpoint
CREATE TABLE "segment_matching" (
	"segment_id" integer PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"workouts_total" integer DEFAULT 0 NOT NULL,
	"workouts_done" integer DEFAULT 0 NOT NULL,
	"efforts_found" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "segment_quality_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"segment_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"day" date NOT NULL,
	"rating" smallint NOT NULL,
	"surface" text,
	"smoothness" text,
	"hazards" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"comment" text,
	"reported_at" timestamp with time zone NOT NULL,
	CONSTRAINT "segment_quality_reports_rating_ck" CHECK ("segment_quality_reports"."rating" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"id" serial PRIMARY KEY NOT NULL,
	"owner_id" integer NOT NULL,
	"gym_id" integer,
	"visibility" text DEFAULT 'private' NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"location" text,
	"longitude" double precision NOT NULL,
	"latitude" double precision NOT NULL,
	"coordinates" jsonb,
	"length_m" double precision,
	"min_lon" double precision NOT NULL,
	"min_lat" double precision NOT NULL,
	"max_lon" double precision NOT NULL,
	"max_lat" double precision NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "segments_visibility_ck" CHECK ("segments"."visibility" in ('private', 'gym', 'public')),
	CONSTRAINT "segments_lon_ck" CHECK ("segments"."longitude" between -180 and 180),
	CONSTRAINT "segments_lat_ck" CHECK ("segments"."latitude" between -90 and 90)
);
--> statement-breakpoint
ALTER TABLE "segment_effort_prefs" ADD CONSTRAINT "segment_effort_prefs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_efforts" ADD CONSTRAINT "segment_efforts_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_efforts" ADD CONSTRAINT "segment_efforts_workout_id_workouts_id_fk" FOREIGN KEY ("workout_id") REFERENCES "public"."workouts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_efforts" ADD CONSTRAINT "segment_efforts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_matching" ADD CONSTRAINT "segment_matching_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_quality_reports" ADD CONSTRAINT "segment_quality_reports_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_quality_reports" ADD CONSTRAINT "segment_quality_reports_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_gym_id_gyms_id_fk" FOREIGN KEY ("gym_id") REFERENCES "public"."gyms"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "segment_efforts_segment_workout_uq" ON "segment_efforts" USING btree ("segment_id","workout_id");--> statement-breakpoint
CREATE INDEX "segment_efforts_segment_elapsed_idx" ON "segment_efforts" USING btree ("segment_id","elapsed_s");--> statement-breakpoint
CREATE INDEX "segment_efforts_user_idx" ON "segment_efforts" USING btree ("user_id","segment_id");--> statement-breakpoint
CREATE INDEX "segment_efforts_workout_idx" ON "segment_efforts" USING btree ("workout_id");--> statement-breakpoint
CREATE UNIQUE INDEX "segment_quality_reports_one_a_day_uq" ON "segment_quality_reports" USING btree ("segment_id","user_id","day");--> statement-breakpoint
CREATE INDEX "segment_quality_reports_user_idx" ON "segment_quality_reports" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "segments_owner_idx" ON "segments" USING btree ("owner_id","id");--> statement-breakpoint
CREATE INDEX "segments_public_idx" ON "segments" USING btree ("id") WHERE "segments"."visibility" = 'public';--> statement-breakpoint
CREATE INDEX "segments_gym_idx" ON "segments" USING btree ("gym_id","id") WHERE "segments"."visibility" = 'gym';--> statement-breakpoint
CREATE INDEX "segments_bbox_idx" ON "segments" USING btree ("min_lat","max_lat");--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS cube;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS earthdistance;--> statement-breakpoint
-- The start as a point on earthdistance's sphere, computed once per write rather than per row of every search
-- (a GiST scan's recheck, the exact distance and the sort each called ll_to_earth again: ~25 µs a row).
ALTER TABLE "segments" ADD COLUMN "earth" earth GENERATED ALWAYS AS (ll_to_earth("latitude", "longitude")) STORED;--> statement-breakpoint
CREATE INDEX "segments_earth_idx" ON "segments" USING gist ("earth");
