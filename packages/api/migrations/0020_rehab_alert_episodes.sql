ALTER TABLE "rehab_alerts" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
-- Hand-written: rows stored before episodes were one per occurrence, so a patient may hold several of a type.
-- The newest of each stays open (the next evaluation resolves it if the condition is gone); the older ones are
-- closed at their own raise time, so the partial unique index below can be built.
UPDATE "rehab_alerts" a SET "resolved_at" = a."raised_at"
 WHERE EXISTS (SELECT 1 FROM "rehab_alerts" b WHERE b."patient_id" = a."patient_id" AND b."type" = a."type" AND b."id" > a."id");--> statement-breakpoint
CREATE UNIQUE INDEX "rehab_alerts_open_uq" ON "rehab_alerts" USING btree ("patient_id","type") WHERE "rehab_alerts"."resolved_at" is null;
