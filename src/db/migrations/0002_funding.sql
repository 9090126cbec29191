CREATE TABLE "allocations" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" text NOT NULL,
	"toewijzing_nummer" integer NOT NULL,
	"youth_id" integer NOT NULL,
	"provider_id" integer NOT NULL,
	"contract_id" integer,
	"segment_id" text NOT NULL,
	"municipality_code" text NOT NULL,
	"case_id" integer,
	"trajectory_id" integer,
	"product_categorie" text,
	"product_code" text,
	"ingangsdatum" date NOT NULL,
	"einddatum" date,
	"volume" integer,
	"eenheid" text,
	"frequentie" text,
	"budget_cents" bigint,
	"reden_wijziging" text
);
--> statement-breakpoint
CREATE TABLE "ceilings" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" text NOT NULL,
	"provider_id" integer,
	"segment_id" text,
	"year" integer NOT NULL,
	"amount_cents" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "declaration_lines" (
	"id" serial PRIMARY KEY NOT NULL,
	"declaration_id" integer NOT NULL,
	"region_id" text NOT NULL,
	"provider_agb" text NOT NULL,
	"referentie_nummer" text NOT NULL,
	"vorig_referentie_nummer" text,
	"toewijzing_nummer" integer NOT NULL,
	"allocation_id" integer,
	"segment_id" text,
	"municipality_code" text,
	"product_categorie" text NOT NULL,
	"product_code" text NOT NULL,
	"begindatum" date NOT NULL,
	"einddatum" date NOT NULL,
	"volume" integer NOT NULL,
	"eenheid" text NOT NULL,
	"bedrag_cents" bigint NOT NULL,
	"debet_credit" text NOT NULL,
	"approved" boolean NOT NULL,
	"codes" text[] NOT NULL,
	"amount_cents" bigint NOT NULL,
	"credited" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "declarations" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" text NOT NULL,
	"provider_id" integer,
	"provider_agb" text NOT NULL,
	"declaratie_nummer" text NOT NULL,
	"content_hash" text NOT NULL,
	"message_id" integer,
	"received_at" timestamp with time zone NOT NULL,
	"period_start" date,
	"period_end" date,
	"submitted_cents" bigint NOT NULL,
	"approved_cents" bigint NOT NULL,
	"line_count" integer NOT NULL,
	"rejected_count" integer NOT NULL,
	"answer_xml" text NOT NULL,
	"received_gzip" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_schedule" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" text NOT NULL,
	"contract_id" integer,
	"provider_id" integer NOT NULL,
	"segment_id" text NOT NULL,
	"model" text NOT NULL,
	"period" date NOT NULL,
	"due_date" date NOT NULL,
	"amount_cents" bigint NOT NULL,
	"description" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tariffs" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" text NOT NULL,
	"contract_id" integer,
	"provider_id" integer NOT NULL,
	"segment_id" text NOT NULL,
	"product_categorie" text NOT NULL,
	"product_code" text,
	"eenheid" text NOT NULL,
	"price_cents" bigint NOT NULL,
	"valid_from" date NOT NULL
);
--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_youth_id_youths_id_fk" FOREIGN KEY ("youth_id") REFERENCES "public"."youths"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_trajectory_id_trajectories_id_fk" FOREIGN KEY ("trajectory_id") REFERENCES "public"."trajectories"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ceilings" ADD CONSTRAINT "ceilings_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ceilings" ADD CONSTRAINT "ceilings_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declaration_lines" ADD CONSTRAINT "declaration_lines_declaration_id_declarations_id_fk" FOREIGN KEY ("declaration_id") REFERENCES "public"."declarations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_message_id_ijw_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."ijw_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_schedule" ADD CONSTRAINT "payment_schedule_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_schedule" ADD CONSTRAINT "payment_schedule_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_schedule" ADD CONSTRAINT "payment_schedule_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tariffs" ADD CONSTRAINT "tariffs_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tariffs" ADD CONSTRAINT "tariffs_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tariffs" ADD CONSTRAINT "tariffs_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "allocations_region_nummer" ON "allocations" USING btree ("region_id","toewijzing_nummer");--> statement-breakpoint
CREATE INDEX "allocations_provider" ON "allocations" USING btree ("provider_id");--> statement-breakpoint
CREATE INDEX "ceilings_lookup" ON "ceilings" USING btree ("region_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "declaration_lines_ref" ON "declaration_lines" USING btree ("region_id","provider_agb","referentie_nummer") WHERE approved;--> statement-breakpoint
CREATE INDEX "declaration_lines_allocation" ON "declaration_lines" USING btree ("region_id","toewijzing_nummer");--> statement-breakpoint
CREATE UNIQUE INDEX "declarations_once" ON "declarations" USING btree ("region_id","provider_agb","content_hash");--> statement-breakpoint
CREATE INDEX "declarations_provider" ON "declarations" USING btree ("region_id","provider_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_schedule_once" ON "payment_schedule" USING btree ("contract_id","model","period","description");--> statement-breakpoint
CREATE INDEX "payment_schedule_region" ON "payment_schedule" USING btree ("region_id","period");--> statement-breakpoint
CREATE INDEX "tariffs_lookup" ON "tariffs" USING btree ("region_id","provider_id","product_categorie");