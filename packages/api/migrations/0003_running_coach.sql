CREATE TABLE "athlete_profiles" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"birth_date" date,
	"sex" text,
	"weight_kg" real,
	"height_cm" real,
	"max_hr" smallint,
	"resting_hr" smallint,
	"threshold_pace_s_per_km" real,
	"weekly_volume_km" real,
	"goal_distance_km" real,
	"goal_date" date,
	"goal_target_time_s" integer,
	"experience_level" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hrv_readings" (
	"user_id" integer NOT NULL,
	"date" date NOT NULL,
	"rmssd_ms" real NOT NULL,
	"resting_hr" smallint,
	"sleep_hours" real,
	"sleep_quality" smallint,
	"fatigue" smallint,
	"stress" smallint,
	"soreness" smallint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hrv_readings_user_id_date_pk" PRIMARY KEY("user_id","date")
);
--> statement-breakpoint
CREATE TABLE "wellness_check_ins" (
	"user_id" integer NOT NULL,
	"date" date NOT NULL,
	"sleep" smallint NOT NULL,
	"stress" smallint NOT NULL,
	"fatigue" smallint NOT NULL,
	"soreness" smallint NOT NULL,
	"hooper_index" smallint NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wellness_check_ins_user_id_date_pk" PRIMARY KEY("user_id","date")
);
--> statement-breakpoint
CREATE TABLE "workout_tracks" (
	"workout_id" integer PRIMARY KEY NOT NULL,
	"coordinates" jsonb NOT NULL,
	"times" jsonb NOT NULL,
	"heart_rates" jsonb,
	"points_original" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workouts" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"sport" text NOT NULL,
	"distance_km" double precision,
	"duration_s" integer NOT NULL,
	"moving_time_s" integer,
	"elevation_gain_m" real,
	"avg_hr" smallint,
	"max_hr" smallint,
	"rpe" smallint,
	"notes" text,
	"source" text DEFAULT 'manual' NOT NULL,
	"fingerprint" text,
	"load" double precision,
	"trimp" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workouts_duration_ck" CHECK ("workouts"."duration_s" > 0),
	CONSTRAINT "workouts_rpe_ck" CHECK ("workouts"."rpe" between 1 and 10)
);
--> statement-breakpoint
CREATE TABLE "training_plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"goal_distance_km" real NOT NULL,
	"race_date" date NOT NULL,
	"start_date" date NOT NULL,
	"days_per_week" integer NOT NULL,
	"long_run_day" text NOT NULL,
	"start_volume_km" real NOT NULL,
	"peak_volume_km" real NOT NULL,
	"weeks" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"date" date NOT NULL,
	"week" integer NOT NULL,
	"phase" text NOT NULL,
	"kind" text NOT NULL,
	"distance_km" real NOT NULL
);
--> statement-breakpoint
ALTER TABLE "athlete_profiles" ADD CONSTRAINT "athlete_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hrv_readings" ADD CONSTRAINT "hrv_readings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellness_check_ins" ADD CONSTRAINT "wellness_check_ins_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workout_tracks" ADD CONSTRAINT "workout_tracks_workout_id_workouts_id_fk" FOREIGN KEY ("workout_id") REFERENCES "public"."workouts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workouts" ADD CONSTRAINT "workouts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_plans" ADD CONSTRAINT "training_plans_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_plan_id_training_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."training_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "workouts_user_started_idx" ON "workouts" USING btree ("user_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "workouts_user_fingerprint_uq" ON "workouts" USING btree ("user_id","fingerprint");--> statement-breakpoint
CREATE UNIQUE INDEX "training_plans_user_uq" ON "training_plans" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "training_sessions_user_date_idx" ON "training_sessions" USING btree ("user_id","date");