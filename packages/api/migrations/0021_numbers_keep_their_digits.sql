-- real (float4) kept only ~6 significant digits, so a stored value could differ from the one sent (weekly
-- volume 33.333333 came back as 33.333332). Hand-edited USING clauses: float4's text output is the shortest
-- decimal that reads back as the same float4 (PostgreSQL 12+), i.e. what the client most likely sent, where a
-- plain cast would widen its binary value (70.1 would read 70.09999847412109).
ALTER TABLE "nutrition_completions" ALTER COLUMN "kcal" SET DATA TYPE double precision USING "kcal"::text::double precision;--> statement-breakpoint
ALTER TABLE "nutrition_completions" ALTER COLUMN "protein_g" SET DATA TYPE double precision USING "protein_g"::text::double precision;--> statement-breakpoint
ALTER TABLE "nutrition_completions" ALTER COLUMN "carbs_g" SET DATA TYPE double precision USING "carbs_g"::text::double precision;--> statement-breakpoint
ALTER TABLE "nutrition_completions" ALTER COLUMN "fat_g" SET DATA TYPE double precision USING "fat_g"::text::double precision;--> statement-breakpoint
ALTER TABLE "nutrition_completions" ALTER COLUMN "fiber_g" SET DATA TYPE double precision USING "fiber_g"::text::double precision;--> statement-breakpoint
ALTER TABLE "nutrition_diary" ALTER COLUMN "grams" SET DATA TYPE double precision USING "grams"::text::double precision;--> statement-breakpoint
ALTER TABLE "nutrition_diary" ALTER COLUMN "kcal" SET DATA TYPE double precision USING "kcal"::text::double precision;--> statement-breakpoint
ALTER TABLE "nutrition_diary" ALTER COLUMN "protein_g" SET DATA TYPE double precision USING "protein_g"::text::double precision;--> statement-breakpoint
ALTER TABLE "nutrition_diary" ALTER COLUMN "carbs_g" SET DATA TYPE double precision USING "carbs_g"::text::double precision;--> statement-breakpoint
ALTER TABLE "nutrition_diary" ALTER COLUMN "fat_g" SET DATA TYPE double precision USING "fat_g"::text::double precision;--> statement-breakpoint
ALTER TABLE "nutrition_diary" ALTER COLUMN "fiber_g" SET DATA TYPE double precision USING "fiber_g"::text::double precision;--> statement-breakpoint
ALTER TABLE "nutrition_items" ALTER COLUMN "grams" SET DATA TYPE double precision USING "grams"::text::double precision;--> statement-breakpoint
ALTER TABLE "nutrition_plans" ALTER COLUMN "protein_g" SET DATA TYPE double precision USING "protein_g"::text::double precision;--> statement-breakpoint
ALTER TABLE "nutrition_plans" ALTER COLUMN "carbs_g" SET DATA TYPE double precision USING "carbs_g"::text::double precision;--> statement-breakpoint
ALTER TABLE "nutrition_plans" ALTER COLUMN "fat_g" SET DATA TYPE double precision USING "fat_g"::text::double precision;--> statement-breakpoint
ALTER TABLE "nutrition_plans" ALTER COLUMN "protein_g_per_kg" SET DATA TYPE double precision USING "protein_g_per_kg"::text::double precision;--> statement-breakpoint
ALTER TABLE "nutrition_plans" ALTER COLUMN "carbs_g_per_kg" SET DATA TYPE double precision USING "carbs_g_per_kg"::text::double precision;--> statement-breakpoint
ALTER TABLE "nutrition_plans" ALTER COLUMN "fat_g_per_kg" SET DATA TYPE double precision USING "fat_g_per_kg"::text::double precision;--> statement-breakpoint
ALTER TABLE "rehab_sessions" ALTER COLUMN "rom_deg" SET DATA TYPE double precision USING "rom_deg"::text::double precision;--> statement-breakpoint
ALTER TABLE "rehab_sessions" ALTER COLUMN "vr_score" SET DATA TYPE double precision USING "vr_score"::text::double precision;--> statement-breakpoint
ALTER TABLE "athlete_profiles" ALTER COLUMN "weight_kg" SET DATA TYPE double precision USING "weight_kg"::text::double precision;--> statement-breakpoint
ALTER TABLE "athlete_profiles" ALTER COLUMN "height_cm" SET DATA TYPE double precision USING "height_cm"::text::double precision;--> statement-breakpoint
ALTER TABLE "athlete_profiles" ALTER COLUMN "threshold_pace_s_per_km" SET DATA TYPE double precision USING "threshold_pace_s_per_km"::text::double precision;--> statement-breakpoint
ALTER TABLE "athlete_profiles" ALTER COLUMN "weekly_volume_km" SET DATA TYPE double precision USING "weekly_volume_km"::text::double precision;--> statement-breakpoint
ALTER TABLE "athlete_profiles" ALTER COLUMN "goal_distance_km" SET DATA TYPE double precision USING "goal_distance_km"::text::double precision;--> statement-breakpoint
ALTER TABLE "workouts" ALTER COLUMN "elevation_gain_m" SET DATA TYPE double precision USING "elevation_gain_m"::text::double precision;--> statement-breakpoint
ALTER TABLE "segment_efforts" ALTER COLUMN "elapsed_s" SET DATA TYPE double precision USING "elapsed_s"::text::double precision;--> statement-breakpoint
ALTER TABLE "segment_efforts" ALTER COLUMN "pace_s_per_km" SET DATA TYPE double precision USING "pace_s_per_km"::text::double precision;--> statement-breakpoint
ALTER TABLE "segment_efforts" ALTER COLUMN "avg_hr" SET DATA TYPE double precision USING "avg_hr"::text::double precision;--> statement-breakpoint
ALTER TABLE "training_plans" ALTER COLUMN "goal_distance_km" SET DATA TYPE double precision USING "goal_distance_km"::text::double precision;--> statement-breakpoint
ALTER TABLE "training_plans" ALTER COLUMN "start_volume_km" SET DATA TYPE double precision USING "start_volume_km"::text::double precision;--> statement-breakpoint
ALTER TABLE "training_plans" ALTER COLUMN "peak_volume_km" SET DATA TYPE double precision USING "peak_volume_km"::text::double precision;--> statement-breakpoint
ALTER TABLE "training_sessions" ALTER COLUMN "distance_km" SET DATA TYPE double precision USING "distance_km"::text::double precision;