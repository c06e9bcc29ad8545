CREATE TABLE "nutrition_completions" (
	"id" serial PRIMARY KEY NOT NULL,
	"gym_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"meal_id" integer NOT NULL,
	"date" date NOT NULL,
	"satisfaction" integer,
	"notes" text,
	"kcal" real NOT NULL,
	"protein_g" real NOT NULL,
	"carbs_g" real NOT NULL,
	"fat_g" real NOT NULL,
	"fiber_g" real NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nutrition_consents" (
	"id" serial PRIMARY KEY NOT NULL,
	"gym_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"guardian_name" text NOT NULL,
	"relationship" text,
	"recorded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nutrition_days" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"day_number" integer,
	"weekday" integer,
	"kind" text,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nutrition_diary" (
	"id" serial PRIMARY KEY NOT NULL,
	"gym_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"date" date NOT NULL,
	"meal_type" text NOT NULL,
	"food_id" integer,
	"recipe_id" integer,
	"name" text,
	"grams" real,
	"kcal" real NOT NULL,
	"protein_g" real NOT NULL,
	"carbs_g" real NOT NULL,
	"fat_g" real NOT NULL,
	"fiber_g" real NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nutrition_follows" (
	"id" serial PRIMARY KEY NOT NULL,
	"gym_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"started_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nutrition_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"meal_id" integer NOT NULL,
	"food_id" integer,
	"recipe_id" integer,
	"grams" real NOT NULL,
	"note" text,
	"position" integer NOT NULL,
	CONSTRAINT "nutrition_items_ref_ck" CHECK (("nutrition_items"."food_id" is null) <> ("nutrition_items"."recipe_id" is null))
);
--> statement-breakpoint
CREATE TABLE "nutrition_meals" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"day_id" integer NOT NULL,
	"name" text NOT NULL,
	"meal_type" text NOT NULL,
	"time" text,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nutrition_plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"gym_id" integer NOT NULL,
	"author_id" integer,
	"name" text NOT NULL,
	"description" text,
	"goal" text NOT NULL,
	"type" text NOT NULL,
	"target_calories" integer NOT NULL,
	"protein_g" real,
	"carbs_g" real,
	"fat_g" real,
	"protein_g_per_kg" real,
	"carbs_g_per_kg" real,
	"fat_g_per_kg" real,
	"start_date" date,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "nutrition_plans_type_ck" CHECK ("nutrition_plans"."type" in ('template','regular','live')),
	CONSTRAINT "nutrition_plans_goal_ck" CHECK ("nutrition_plans"."goal" in ('weight_loss','muscle_gain','maintenance','performance','health'))
);
--> statement-breakpoint
CREATE TABLE "nutrition_screenings" (
	"id" serial PRIMARY KEY NOT NULL,
	"gym_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"answers" text NOT NULL,
	"warnings" text NOT NULL,
	"risk_score" integer NOT NULL,
	"risk_level" text NOT NULL,
	"can_proceed" boolean NOT NULL,
	"requires_professional" boolean NOT NULL,
	"minor" boolean NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "nutrition_completions" ADD CONSTRAINT "nutrition_completions_gym_id_gyms_id_fk" FOREIGN KEY ("gym_id") REFERENCES "public"."gyms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nutrition_completions" ADD CONSTRAINT "nutrition_completions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nutrition_completions" ADD CONSTRAINT "nutrition_completions_plan_id_nutrition_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."nutrition_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nutrition_completions" ADD CONSTRAINT "nutrition_completions_meal_id_nutrition_meals_id_fk" FOREIGN KEY ("meal_id") REFERENCES "public"."nutrition_meals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nutrition_consents" ADD CONSTRAINT "nutrition_consents_gym_id_gyms_id_fk" FOREIGN KEY ("gym_id") REFERENCES "public"."gyms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nutrition_consents" ADD CONSTRAINT "nutrition_consents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nutrition_consents" ADD CONSTRAINT "nutrition_consents_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nutrition_days" ADD CONSTRAINT "nutrition_days_plan_id_nutrition_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."nutrition_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nutrition_diary" ADD CONSTRAINT "nutrition_diary_gym_id_gyms_id_fk" FOREIGN KEY ("gym_id") REFERENCES "public"."gyms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nutrition_diary" ADD CONSTRAINT "nutrition_diary_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nutrition_follows" ADD CONSTRAINT "nutrition_follows_gym_id_gyms_id_fk" FOREIGN KEY ("gym_id") REFERENCES "public"."gyms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nutrition_follows" ADD CONSTRAINT "nutrition_follows_plan_id_nutrition_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."nutrition_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nutrition_follows" ADD CONSTRAINT "nutrition_follows_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nutrition_items" ADD CONSTRAINT "nutrition_items_plan_id_nutrition_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."nutrition_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nutrition_items" ADD CONSTRAINT "nutrition_items_meal_id_nutrition_meals_id_fk" FOREIGN KEY ("meal_id") REFERENCES "public"."nutrition_meals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nutrition_meals" ADD CONSTRAINT "nutrition_meals_plan_id_nutrition_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."nutrition_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nutrition_meals" ADD CONSTRAINT "nutrition_meals_day_id_nutrition_days_id_fk" FOREIGN KEY ("day_id") REFERENCES "public"."nutrition_days"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nutrition_plans" ADD CONSTRAINT "nutrition_plans_gym_id_gyms_id_fk" FOREIGN KEY ("gym_id") REFERENCES "public"."gyms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nutrition_plans" ADD CONSTRAINT "nutrition_plans_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nutrition_screenings" ADD CONSTRAINT "nutrition_screenings_gym_id_gyms_id_fk" FOREIGN KEY ("gym_id") REFERENCES "public"."gyms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nutrition_screenings" ADD CONSTRAINT "nutrition_screenings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "nutrition_completions_uq" ON "nutrition_completions" USING btree ("user_id","meal_id","date");--> statement-breakpoint
CREATE INDEX "nutrition_completions_user_date_idx" ON "nutrition_completions" USING btree ("gym_id","user_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "nutrition_consents_gym_user_uq" ON "nutrition_consents" USING btree ("gym_id","user_id");--> statement-breakpoint
CREATE INDEX "nutrition_days_plan_idx" ON "nutrition_days" USING btree ("plan_id","position");--> statement-breakpoint
CREATE INDEX "nutrition_diary_user_date_idx" ON "nutrition_diary" USING btree ("gym_id","user_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "nutrition_follows_plan_user_uq" ON "nutrition_follows" USING btree ("plan_id","user_id");--> statement-breakpoint
CREATE INDEX "nutrition_follows_user_idx" ON "nutrition_follows" USING btree ("gym_id","user_id");--> statement-breakpoint
CREATE INDEX "nutrition_items_plan_idx" ON "nutrition_items" USING btree ("plan_id","position");--> statement-breakpoint
CREATE INDEX "nutrition_meals_plan_idx" ON "nutrition_meals" USING btree ("plan_id","position");--> statement-breakpoint
CREATE INDEX "nutrition_plans_gym_idx" ON "nutrition_plans" USING btree ("gym_id","created_at");--> statement-breakpoint
CREATE INDEX "nutrition_screenings_user_idx" ON "nutrition_screenings" USING btree ("gym_id","user_id","created_at");--> statement-breakpoint
CREATE INDEX "nutrition_screenings_level_idx" ON "nutrition_screenings" USING btree ("gym_id","risk_level");