CREATE TABLE "rehab_access_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"gym_id" integer NOT NULL,
	"patient_id" integer NOT NULL,
	"actor_id" integer,
	"actor_role" text,
	"action" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rehab_alerts" (
	"id" serial PRIMARY KEY NOT NULL,
	"gym_id" integer NOT NULL,
	"patient_id" integer NOT NULL,
	"type" text NOT NULL,
	"key" text NOT NULL,
	"raised_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rehab_devices" (
	"id" serial PRIMARY KEY NOT NULL,
	"gym_id" integer,
	"patient_id" integer,
	"user_id" integer,
	"client_name" text,
	"device_code_hash" text NOT NULL,
	"user_code_hash" text NOT NULL,
	"token_hash" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"interval_s" smallint NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_poll_at" timestamp with time zone,
	"approved_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rehab_exercises" (
	"id" serial PRIMARY KEY NOT NULL,
	"gym_id" integer,
	"slug" text,
	"name_en" text NOT NULL,
	"name_es" text NOT NULL,
	"instructions_en" text NOT NULL,
	"instructions_es" text NOT NULL,
	"body_region" text NOT NULL,
	"difficulty" smallint NOT NULL,
	"media_url" text,
	"modality" text NOT NULL,
	"measured_by" text NOT NULL,
	"contraindications" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rehab_exercises_difficulty_ck" CHECK ("rehab_exercises"."difficulty" between 1 and 5),
	CONSTRAINT "rehab_exercises_modality_ck" CHECK ("rehab_exercises"."modality" in ('vr','home','clinic'))
);
--> statement-breakpoint
CREATE TABLE "rehab_patients" (
	"id" serial PRIMARY KEY NOT NULL,
	"gym_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"physio_id" integer,
	"diagnosis" text NOT NULL,
	"side" text,
	"injury_date" text,
	"surgery_date" text,
	"goals" text,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rehab_patients_status_ck" CHECK ("rehab_patients"."status" in ('active','discharged','paused'))
);
--> statement-breakpoint
CREATE TABLE "rehab_programs" (
	"id" serial PRIMARY KEY NOT NULL,
	"gym_id" integer NOT NULL,
	"patient_id" integer NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"starts_on" date NOT NULL,
	"ended_at" timestamp with time zone,
	"exercises" jsonb NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rehab_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"gym_id" integer NOT NULL,
	"patient_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"exercise_id" integer NOT NULL,
	"modality" text NOT NULL,
	"performed_at" timestamp with time zone NOT NULL,
	"sets_done" smallint,
	"reps_done" integer,
	"duration_s" integer,
	"rom_deg" real,
	"vr_score" real,
	"pain_before" smallint,
	"pain_after" smallint,
	"difficulty" smallint,
	"notes" text,
	"client_id" text,
	"logged_via" text NOT NULL,
	"logged_by" integer,
	"device_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rehab_sessions_pain_ck" CHECK ("rehab_sessions"."pain_before" between 0 and 10 and "rehab_sessions"."pain_after" between 0 and 10),
	CONSTRAINT "rehab_sessions_rom_ck" CHECK ("rehab_sessions"."rom_deg" between 0 and 360)
);
--> statement-breakpoint
ALTER TABLE "rehab_access_log" ADD CONSTRAINT "rehab_access_log_gym_id_gyms_id_fk" FOREIGN KEY ("gym_id") REFERENCES "public"."gyms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehab_access_log" ADD CONSTRAINT "rehab_access_log_patient_id_rehab_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."rehab_patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehab_access_log" ADD CONSTRAINT "rehab_access_log_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehab_alerts" ADD CONSTRAINT "rehab_alerts_gym_id_gyms_id_fk" FOREIGN KEY ("gym_id") REFERENCES "public"."gyms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehab_alerts" ADD CONSTRAINT "rehab_alerts_patient_id_rehab_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."rehab_patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehab_devices" ADD CONSTRAINT "rehab_devices_gym_id_gyms_id_fk" FOREIGN KEY ("gym_id") REFERENCES "public"."gyms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehab_devices" ADD CONSTRAINT "rehab_devices_patient_id_rehab_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."rehab_patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehab_devices" ADD CONSTRAINT "rehab_devices_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehab_exercises" ADD CONSTRAINT "rehab_exercises_gym_id_gyms_id_fk" FOREIGN KEY ("gym_id") REFERENCES "public"."gyms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehab_patients" ADD CONSTRAINT "rehab_patients_gym_id_gyms_id_fk" FOREIGN KEY ("gym_id") REFERENCES "public"."gyms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehab_patients" ADD CONSTRAINT "rehab_patients_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehab_patients" ADD CONSTRAINT "rehab_patients_physio_id_users_id_fk" FOREIGN KEY ("physio_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehab_programs" ADD CONSTRAINT "rehab_programs_gym_id_gyms_id_fk" FOREIGN KEY ("gym_id") REFERENCES "public"."gyms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehab_programs" ADD CONSTRAINT "rehab_programs_patient_id_rehab_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."rehab_patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehab_programs" ADD CONSTRAINT "rehab_programs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehab_sessions" ADD CONSTRAINT "rehab_sessions_gym_id_gyms_id_fk" FOREIGN KEY ("gym_id") REFERENCES "public"."gyms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehab_sessions" ADD CONSTRAINT "rehab_sessions_patient_id_rehab_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."rehab_patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehab_sessions" ADD CONSTRAINT "rehab_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehab_sessions" ADD CONSTRAINT "rehab_sessions_exercise_id_rehab_exercises_id_fk" FOREIGN KEY ("exercise_id") REFERENCES "public"."rehab_exercises"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehab_sessions" ADD CONSTRAINT "rehab_sessions_logged_by_users_id_fk" FOREIGN KEY ("logged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rehab_access_log_patient_at_idx" ON "rehab_access_log" USING btree ("patient_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "rehab_alerts_uq" ON "rehab_alerts" USING btree ("patient_id","type","key");--> statement-breakpoint
CREATE UNIQUE INDEX "rehab_devices_device_code_uq" ON "rehab_devices" USING btree ("device_code_hash");--> statement-breakpoint
CREATE INDEX "rehab_devices_user_code_idx" ON "rehab_devices" USING btree ("user_code_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "rehab_devices_token_uq" ON "rehab_devices" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "rehab_devices_user_idx" ON "rehab_devices" USING btree ("user_id","gym_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rehab_exercises_slug_uq" ON "rehab_exercises" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "rehab_exercises_gym_idx" ON "rehab_exercises" USING btree ("gym_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "rehab_patients_gym_user_uq" ON "rehab_patients" USING btree ("gym_id","user_id");--> statement-breakpoint
CREATE INDEX "rehab_patients_gym_physio_idx" ON "rehab_patients" USING btree ("gym_id","physio_id");--> statement-breakpoint
CREATE INDEX "rehab_patients_user_idx" ON "rehab_patients" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rehab_programs_one_active_uq" ON "rehab_programs" USING btree ("patient_id") WHERE "rehab_programs"."status" = 'active';--> statement-breakpoint
CREATE INDEX "rehab_programs_gym_patient_idx" ON "rehab_programs" USING btree ("gym_id","patient_id","id");--> statement-breakpoint
CREATE INDEX "rehab_sessions_gym_patient_at_idx" ON "rehab_sessions" USING btree ("gym_id","patient_id","performed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "rehab_sessions_client_uq" ON "rehab_sessions" USING btree ("patient_id","client_id");--> statement-breakpoint
CREATE INDEX "rehab_sessions_user_idx" ON "rehab_sessions" USING btree ("user_id");