CREATE TYPE "public"."reservation_status" AS ENUM('booked', 'waitlisted', 'cancelled', 'attended', 'no_show');--> statement-breakpoint
CREATE TYPE "public"."slot_kind" AS ENUM('session', 'event');--> statement-breakpoint
CREATE TYPE "public"."slot_status" AS ENUM('open', 'cancelled');--> statement-breakpoint
CREATE TABLE "reservable_slots" (
	"id" serial PRIMARY KEY NOT NULL,
	"gym_id" integer NOT NULL,
	"kind" "slot_kind" NOT NULL,
	"capacity" integer,
	"starts_at" timestamp with time zone NOT NULL,
	"status" "slot_status" DEFAULT 'open' NOT NULL,
	"booked_count" integer DEFAULT 0 NOT NULL,
	"waitlist_count" integer DEFAULT 0 NOT NULL,
	"waitlist_seq" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reservable_slots_capacity_check" CHECK ("reservable_slots"."capacity" is null or "reservable_slots"."capacity" >= 0),
	CONSTRAINT "reservable_slots_counts_check" CHECK ("reservable_slots"."booked_count" >= 0 and "reservable_slots"."waitlist_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "reservations" (
	"id" serial PRIMARY KEY NOT NULL,
	"gym_id" integer NOT NULL,
	"slot_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"status" "reservation_status" NOT NULL,
	"position" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone,
	"promoted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "reservable_slots" ADD CONSTRAINT "reservable_slots_gym_id_gyms_id_fk" FOREIGN KEY ("gym_id") REFERENCES "public"."gyms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_gym_id_gyms_id_fk" FOREIGN KEY ("gym_id") REFERENCES "public"."gyms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_slot_id_reservable_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."reservable_slots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reservable_slots_gym_starts_idx" ON "reservable_slots" USING btree ("gym_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reservations_active_uq" ON "reservations" USING btree ("gym_id","slot_id","user_id") WHERE "reservations"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "reservations_slot_idx" ON "reservations" USING btree ("gym_id","slot_id","status","position");--> statement-breakpoint
CREATE INDEX "reservations_user_idx" ON "reservations" USING btree ("gym_id","user_id","created_at");--> statement-breakpoint
CREATE INDEX "reservations_user_only_idx" ON "reservations" USING btree ("user_id");