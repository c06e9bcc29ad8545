CREATE TABLE "segment_workout_queue" (
	"workout_id" integer PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"lease_until" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "segment_matching" ADD COLUMN "after_workout_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "segment_matching" ADD COLUMN "lease_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "segment_matching" ADD COLUMN "run_id" text;--> statement-breakpoint
ALTER TABLE "segment_workout_queue" ADD CONSTRAINT "segment_workout_queue_workout_id_workouts_id_fk" FOREIGN KEY ("workout_id") REFERENCES "public"."workouts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_workout_queue" ADD CONSTRAINT "segment_workout_queue_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;