-- Tenant keys (issue 18, "Beyond one PostgreSQL"; docs/scaling.md): gym_id leads the primary key of every
-- gym-scoped table whose gym_id is NOT NULL, and every foreign key between them carries gym_id. Hand-ordered:
-- drizzle-kit cannot name the old primary keys and does not know that the foreign keys depend on them.
-- 1. Foreign keys that rest on the old primary keys go first (PostgreSQL will not drop a key they use).
ALTER TABLE "events" DROP CONSTRAINT "events_slot_id_reservable_slots_id_fk";--> statement-breakpoint
ALTER TABLE "reservations" DROP CONSTRAINT "reservations_slot_id_reservable_slots_id_fk";--> statement-breakpoint
ALTER TABLE "class_sessions" DROP CONSTRAINT "class_sessions_class_id_classes_id_fk";--> statement-breakpoint
ALTER TABLE "class_sessions" DROP CONSTRAINT "class_sessions_slot_id_reservable_slots_id_fk";--> statement-breakpoint
ALTER TABLE "classes" DROP CONSTRAINT "classes_category_id_class_categories_id_fk";--> statement-breakpoint
ALTER TABLE "nutrition_completions" DROP CONSTRAINT "nutrition_completions_plan_id_nutrition_plans_id_fk";--> statement-breakpoint
ALTER TABLE "nutrition_follows" DROP CONSTRAINT "nutrition_follows_plan_id_nutrition_plans_id_fk";--> statement-breakpoint
ALTER TABLE "rehab_access_log" DROP CONSTRAINT "rehab_access_log_patient_id_rehab_patients_id_fk";--> statement-breakpoint
ALTER TABLE "rehab_alerts" DROP CONSTRAINT "rehab_alerts_patient_id_rehab_patients_id_fk";--> statement-breakpoint
ALTER TABLE "rehab_devices" DROP CONSTRAINT "rehab_devices_patient_id_rehab_patients_id_fk";--> statement-breakpoint
ALTER TABLE "rehab_programs" DROP CONSTRAINT "rehab_programs_patient_id_rehab_patients_id_fk";--> statement-breakpoint
ALTER TABLE "rehab_sessions" DROP CONSTRAINT "rehab_sessions_patient_id_rehab_patients_id_fk";--> statement-breakpoint
-- 2. Plan trees and recipe ingredients have no gym_id and keep referencing the parent by id alone: a unique
--    index on id takes over from the primary key for them (and serves the id-only reads of the tree).
CREATE UNIQUE INDEX "nutrition_plans_id_uq" ON "nutrition_plans" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "recipes_id_uq" ON "recipes" USING btree ("id");--> statement-breakpoint
ALTER TABLE "nutrition_days" DROP CONSTRAINT "nutrition_days_plan_id_nutrition_plans_id_fk";--> statement-breakpoint
ALTER TABLE "nutrition_meals" DROP CONSTRAINT "nutrition_meals_plan_id_nutrition_plans_id_fk";--> statement-breakpoint
ALTER TABLE "nutrition_items" DROP CONSTRAINT "nutrition_items_plan_id_nutrition_plans_id_fk";--> statement-breakpoint
ALTER TABLE "recipe_ingredients" DROP CONSTRAINT "recipe_ingredients_recipe_id_recipes_id_fk";--> statement-breakpoint
-- 3. The primary keys: the serial id stays (unique by its sequence), now after gym_id.
ALTER TABLE "reservable_slots" DROP CONSTRAINT "reservable_slots_pkey", ADD CONSTRAINT "reservable_slots_gym_id_id_pk" PRIMARY KEY ("gym_id","id");--> statement-breakpoint
ALTER TABLE "reservations" DROP CONSTRAINT "reservations_pkey", ADD CONSTRAINT "reservations_gym_id_id_pk" PRIMARY KEY ("gym_id","id");--> statement-breakpoint
ALTER TABLE "events" DROP CONSTRAINT "events_pkey", ADD CONSTRAINT "events_gym_id_id_pk" PRIMARY KEY ("gym_id","id");--> statement-breakpoint
ALTER TABLE "class_categories" DROP CONSTRAINT "class_categories_pkey", ADD CONSTRAINT "class_categories_gym_id_id_pk" PRIMARY KEY ("gym_id","id");--> statement-breakpoint
ALTER TABLE "classes" DROP CONSTRAINT "classes_pkey", ADD CONSTRAINT "classes_gym_id_id_pk" PRIMARY KEY ("gym_id","id");--> statement-breakpoint
ALTER TABLE "class_sessions" DROP CONSTRAINT "class_sessions_pkey", ADD CONSTRAINT "class_sessions_gym_id_id_pk" PRIMARY KEY ("gym_id","id");--> statement-breakpoint
ALTER TABLE "gym_invitations" DROP CONSTRAINT "gym_invitations_pkey", ADD CONSTRAINT "gym_invitations_gym_id_id_pk" PRIMARY KEY ("gym_id","id");--> statement-breakpoint
ALTER TABLE "ai_generations" DROP CONSTRAINT "ai_generations_pkey", ADD CONSTRAINT "ai_generations_gym_id_id_pk" PRIMARY KEY ("gym_id","id");--> statement-breakpoint
ALTER TABLE "recipes" DROP CONSTRAINT "recipes_pkey", ADD CONSTRAINT "recipes_gym_id_id_pk" PRIMARY KEY ("gym_id","id");--> statement-breakpoint
ALTER TABLE "nutrition_plans" DROP CONSTRAINT "nutrition_plans_pkey", ADD CONSTRAINT "nutrition_plans_gym_id_id_pk" PRIMARY KEY ("gym_id","id");--> statement-breakpoint
ALTER TABLE "nutrition_screenings" DROP CONSTRAINT "nutrition_screenings_pkey", ADD CONSTRAINT "nutrition_screenings_gym_id_id_pk" PRIMARY KEY ("gym_id","id");--> statement-breakpoint
ALTER TABLE "nutrition_consents" DROP CONSTRAINT "nutrition_consents_pkey", ADD CONSTRAINT "nutrition_consents_gym_id_id_pk" PRIMARY KEY ("gym_id","id");--> statement-breakpoint
ALTER TABLE "nutrition_follows" DROP CONSTRAINT "nutrition_follows_pkey", ADD CONSTRAINT "nutrition_follows_gym_id_id_pk" PRIMARY KEY ("gym_id","id");--> statement-breakpoint
ALTER TABLE "nutrition_completions" DROP CONSTRAINT "nutrition_completions_pkey", ADD CONSTRAINT "nutrition_completions_gym_id_id_pk" PRIMARY KEY ("gym_id","id");--> statement-breakpoint
ALTER TABLE "nutrition_diary" DROP CONSTRAINT "nutrition_diary_pkey", ADD CONSTRAINT "nutrition_diary_gym_id_id_pk" PRIMARY KEY ("gym_id","id");--> statement-breakpoint
ALTER TABLE "rehab_patients" DROP CONSTRAINT "rehab_patients_pkey", ADD CONSTRAINT "rehab_patients_gym_id_id_pk" PRIMARY KEY ("gym_id","id");--> statement-breakpoint
ALTER TABLE "rehab_programs" DROP CONSTRAINT "rehab_programs_pkey", ADD CONSTRAINT "rehab_programs_gym_id_id_pk" PRIMARY KEY ("gym_id","id");--> statement-breakpoint
ALTER TABLE "rehab_sessions" DROP CONSTRAINT "rehab_sessions_pkey", ADD CONSTRAINT "rehab_sessions_gym_id_id_pk" PRIMARY KEY ("gym_id","id");--> statement-breakpoint
ALTER TABLE "rehab_alerts" DROP CONSTRAINT "rehab_alerts_pkey", ADD CONSTRAINT "rehab_alerts_gym_id_id_pk" PRIMARY KEY ("gym_id","id");--> statement-breakpoint
ALTER TABLE "rehab_access_log" DROP CONSTRAINT "rehab_access_log_pkey", ADD CONSTRAINT "rehab_access_log_gym_id_id_pk" PRIMARY KEY ("gym_id","id");--> statement-breakpoint
-- 4. The foreign keys again: composite between gym-scoped tables, by id alone from the tables without gym_id.
ALTER TABLE "events" ADD CONSTRAINT "events_slot_fk" FOREIGN KEY ("gym_id","slot_id") REFERENCES "public"."reservable_slots"("gym_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_slot_fk" FOREIGN KEY ("gym_id","slot_id") REFERENCES "public"."reservable_slots"("gym_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_sessions" ADD CONSTRAINT "class_sessions_class_fk" FOREIGN KEY ("gym_id","class_id") REFERENCES "public"."classes"("gym_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_sessions" ADD CONSTRAINT "class_sessions_slot_fk" FOREIGN KEY ("gym_id","slot_id") REFERENCES "public"."reservable_slots"("gym_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- SET NULL names its column (PostgreSQL 15+): a plain SET NULL would null gym_id too, which is NOT NULL.
ALTER TABLE "classes" ADD CONSTRAINT "classes_category_fk" FOREIGN KEY ("gym_id","category_id") REFERENCES "public"."class_categories"("gym_id","id") ON DELETE SET NULL ("category_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nutrition_completions" ADD CONSTRAINT "nutrition_completions_plan_fk" FOREIGN KEY ("gym_id","plan_id") REFERENCES "public"."nutrition_plans"("gym_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nutrition_follows" ADD CONSTRAINT "nutrition_follows_plan_fk" FOREIGN KEY ("gym_id","plan_id") REFERENCES "public"."nutrition_plans"("gym_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehab_access_log" ADD CONSTRAINT "rehab_access_log_patient_fk" FOREIGN KEY ("gym_id","patient_id") REFERENCES "public"."rehab_patients"("gym_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehab_alerts" ADD CONSTRAINT "rehab_alerts_patient_fk" FOREIGN KEY ("gym_id","patient_id") REFERENCES "public"."rehab_patients"("gym_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehab_devices" ADD CONSTRAINT "rehab_devices_patient_fk" FOREIGN KEY ("gym_id","patient_id") REFERENCES "public"."rehab_patients"("gym_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehab_programs" ADD CONSTRAINT "rehab_programs_patient_fk" FOREIGN KEY ("gym_id","patient_id") REFERENCES "public"."rehab_patients"("gym_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehab_sessions" ADD CONSTRAINT "rehab_sessions_patient_fk" FOREIGN KEY ("gym_id","patient_id") REFERENCES "public"."rehab_patients"("gym_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nutrition_days" ADD CONSTRAINT "nutrition_days_plan_id_nutrition_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."nutrition_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nutrition_meals" ADD CONSTRAINT "nutrition_meals_plan_id_nutrition_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."nutrition_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nutrition_items" ADD CONSTRAINT "nutrition_items_plan_id_nutrition_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."nutrition_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recipe_ingredients" ADD CONSTRAINT "recipe_ingredients_recipe_id_recipes_id_fk" FOREIGN KEY ("recipe_id") REFERENCES "public"."recipes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- 5. (gym_id, id) indexes the primary key now duplicates.
DROP INDEX "recipes_gym_idx";--> statement-breakpoint
DROP INDEX "classes_gym_idx";
