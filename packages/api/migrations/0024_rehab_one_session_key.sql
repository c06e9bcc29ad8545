ALTER TABLE "rehab_access_log" DROP CONSTRAINT "rehab_access_log_gym_id_gyms_id_fk";
--> statement-breakpoint
ALTER TABLE "rehab_sessions" DROP CONSTRAINT "rehab_sessions_gym_id_gyms_id_fk";
--> statement-breakpoint
ALTER TABLE "rehab_sessions" DROP CONSTRAINT "rehab_sessions_user_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "rehab_sessions" DROP CONSTRAINT "rehab_sessions_patient_fk";
--> statement-breakpoint
-- Hand-ordered: the unique index the new key refers to is built before the key.
CREATE UNIQUE INDEX "rehab_patients_gym_id_user_uq" ON "rehab_patients" USING btree ("gym_id","id","user_id");--> statement-breakpoint
ALTER TABLE "rehab_sessions" ADD CONSTRAINT "rehab_sessions_patient_fk" FOREIGN KEY ("gym_id","patient_id","user_id") REFERENCES "public"."rehab_patients"("gym_id","id","user_id") ON DELETE cascade ON UPDATE no action;
