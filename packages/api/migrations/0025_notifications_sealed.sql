-- Notifications' title, body and data are encrypted at rest (modules/notifications/tables.ts): `data` becomes text,
-- PostgreSQL's jsonb-to-text cast giving the JSON the codec seals; the start-up pass (crypto/rotate.ts, plaintext
-- mode) seals the rows written before this migration.
ALTER TABLE "notifications" ALTER COLUMN "data" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "data" SET DATA TYPE text;
