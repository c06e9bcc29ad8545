ALTER TABLE "events" DROP CONSTRAINT "events_slot_id_reservable_slots_id_fk";
--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_slot_id_reservable_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."reservable_slots"("id") ON DELETE cascade ON UPDATE no action;