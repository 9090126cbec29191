CREATE TABLE "areas" (
	"region_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"municipality_codes" text[] NOT NULL,
	CONSTRAINT "areas_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" integer,
	"username" text NOT NULL,
	"action" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"region_id" text,
	"purpose" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" text NOT NULL,
	"provider_id" integer NOT NULL,
	"segment_id" text NOT NULL,
	"lot_id" text,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"extension_years" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"funding_variant" text,
	"ceiling_cents" bigint,
	"status" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "demo_runs" (
	"region_id" text PRIMARY KEY NOT NULL,
	"seed" integer NOT NULL,
	"generated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"counts" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "families" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" text NOT NULL,
	"municipality_code" text NOT NULL,
	"area_id" text
);
--> statement-breakpoint
CREATE TABLE "lots" (
	"region_id" text NOT NULL,
	"segment_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"area_ids" text[] NOT NULL,
	CONSTRAINT "lots_region_id_segment_id_id_pk" PRIMARY KEY("region_id","segment_id","id")
);
--> statement-breakpoint
CREATE TABLE "municipalities" (
	"region_id" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"subregion" text,
	"inhabitants" integer,
	CONSTRAINT "municipalities_region_id_code_pk" PRIMARY KEY("region_id","code")
);
--> statement-breakpoint
CREATE TABLE "providers" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" text NOT NULL,
	"agb_code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"profile_valid_from" date NOT NULL,
	"profile_file" text NOT NULL,
	"profile" jsonb NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"region_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"funding_variant" text,
	"position" integer NOT NULL,
	CONSTRAINT "segments_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trajectories" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" text NOT NULL,
	"youth_id" integer NOT NULL,
	"provider_id" integer NOT NULL,
	"contract_id" integer,
	"segment_id" text NOT NULL,
	"municipality_code" text NOT NULL,
	"product_category" text NOT NULL,
	"product_code" text,
	"unit" text,
	"volume" integer,
	"frequency" text,
	"referrer" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"role" text NOT NULL,
	"region_id" text,
	"municipality_code" text,
	"provider_id" integer,
	"password_hash" text NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "youths" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" text NOT NULL,
	"family_id" integer NOT NULL,
	"bsn" text NOT NULL,
	"pseudonym" text NOT NULL,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"birth_date" date NOT NULL,
	"gender" text NOT NULL,
	"municipality_code" text NOT NULL,
	"area_id" text
);
--> statement-breakpoint
ALTER TABLE "areas" ADD CONSTRAINT "areas_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_runs" ADD CONSTRAINT "demo_runs_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "families" ADD CONSTRAINT "families_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "municipalities" ADD CONSTRAINT "municipalities_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "providers" ADD CONSTRAINT "providers_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trajectories" ADD CONSTRAINT "trajectories_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trajectories" ADD CONSTRAINT "trajectories_youth_id_youths_id_fk" FOREIGN KEY ("youth_id") REFERENCES "public"."youths"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trajectories" ADD CONSTRAINT "trajectories_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trajectories" ADD CONSTRAINT "trajectories_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "youths" ADD CONSTRAINT "youths_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "youths" ADD CONSTRAINT "youths_family_id_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."families"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_subject" ON "audit_log" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "contracts_region_segment" ON "contracts" USING btree ("region_id","segment_id");--> statement-breakpoint
CREATE INDEX "contracts_provider" ON "contracts" USING btree ("provider_id");--> statement-breakpoint
CREATE UNIQUE INDEX "providers_region_agb" ON "providers" USING btree ("region_id","agb_code");--> statement-breakpoint
CREATE INDEX "trajectories_region_segment" ON "trajectories" USING btree ("region_id","segment_id");--> statement-breakpoint
CREATE INDEX "trajectories_region_municipality" ON "trajectories" USING btree ("region_id","municipality_code");--> statement-breakpoint
CREATE INDEX "trajectories_provider" ON "trajectories" USING btree ("provider_id");--> statement-breakpoint
CREATE INDEX "trajectories_youth" ON "trajectories" USING btree ("youth_id");--> statement-breakpoint
CREATE UNIQUE INDEX "youths_region_bsn" ON "youths" USING btree ("region_id","bsn");--> statement-breakpoint
CREATE INDEX "youths_region_municipality" ON "youths" USING btree ("region_id","municipality_code");