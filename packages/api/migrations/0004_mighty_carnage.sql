ALTER TABLE "hrv_readings" ALTER COLUMN "rmssd_ms" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "hrv_readings" ALTER COLUMN "resting_hr" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "hrv_readings" ALTER COLUMN "sleep_hours" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "hrv_readings" ALTER COLUMN "sleep_quality" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "hrv_readings" ALTER COLUMN "fatigue" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "hrv_readings" ALTER COLUMN "stress" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "hrv_readings" ALTER COLUMN "soreness" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "wellness_check_ins" ALTER COLUMN "sleep" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "wellness_check_ins" ALTER COLUMN "stress" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "wellness_check_ins" ALTER COLUMN "fatigue" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "wellness_check_ins" ALTER COLUMN "soreness" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "wellness_check_ins" ALTER COLUMN "hooper_index" SET DATA TYPE text;