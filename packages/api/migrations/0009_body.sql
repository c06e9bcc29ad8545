CREATE TABLE "body_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"date" date NOT NULL,
	"metric" text NOT NULL,
	"value" text NOT NULL,
	"diastolic" text,
	"source" text DEFAULT 'manual' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "body_entries_metric_ck" CHECK ("body_entries"."metric" in ('weight','body_fat','lean_mass','waist','hip','chest','arm','thigh','resting_hr','blood_pressure'))
);
--> statement-breakpoint
CREATE TABLE "body_photos" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"date" date NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"bytes" integer NOT NULL,
	"image" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "body_settings" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"units" text DEFAULT 'metric' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "body_shares" (
	"gym_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"photos" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "body_shares_gym_id_user_id_pk" PRIMARY KEY("gym_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "body_entries" ADD CONSTRAINT "body_entries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "body_photos" ADD CONSTRAINT "body_photos_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "body_settings" ADD CONSTRAINT "body_settings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "body_shares" ADD CONSTRAINT "body_shares_gym_id_gyms_id_fk" FOREIGN KEY ("gym_id") REFERENCES "public"."gyms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "body_shares" ADD CONSTRAINT "body_shares_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "body_entries_user_metric_date_uq" ON "body_entries" USING btree ("user_id","metric","date");--> statement-breakpoint
CREATE INDEX "body_entries_user_date_idx" ON "body_entries" USING btree ("user_id","date");--> statement-breakpoint
CREATE INDEX "body_photos_user_date_idx" ON "body_photos" USING btree ("user_id","date");--> statement-breakpoint
CREATE INDEX "body_shares_user_idx" ON "body_shares" USING btree ("user_id");