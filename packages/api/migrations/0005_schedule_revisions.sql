ALTER TYPE "public"."notification_kind" ADD VALUE 'session_changed';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'moved_to_waitlist';--> statement-breakpoint
ALTER TABLE "class_sessions" ADD COLUMN "revision" integer DEFAULT 0 NOT NULL;