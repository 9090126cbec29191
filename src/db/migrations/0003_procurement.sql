CREATE TABLE "applications" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" text NOT NULL,
	"procedure_id" integer NOT NULL,
	"provider_id" integer NOT NULL,
	"lot_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text NOT NULL,
	"submitted_on" date NOT NULL,
	"decided_on" date,
	"decision_reason" text,
	"checks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"plan_score" integer,
	"price_cents" bigint,
	"scores" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "awards" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" text NOT NULL,
	"procedure_id" integer NOT NULL,
	"application_id" integer NOT NULL,
	"provider_id" integer NOT NULL,
	"lot_id" text,
	"emvi_score" integer,
	"awarded_on" date NOT NULL,
	"contract_id" integer
);
--> statement-breakpoint
CREATE TABLE "consortium_members" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" text NOT NULL,
	"application_id" integer,
	"contract_id" integer,
	"provider_id" integer,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"role" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contract_changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" text NOT NULL,
	"contract_id" integer,
	"segment_id" text NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"announced_on" date NOT NULL,
	"effective_on" date NOT NULL,
	"status" text NOT NULL,
	"data" jsonb,
	"by_user" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dialogue_actions" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" text NOT NULL,
	"dialogue_id" integer NOT NULL,
	"description" text NOT NULL,
	"owner" text NOT NULL,
	"due_on" date NOT NULL,
	"status" text NOT NULL,
	"done_on" date,
	"follow_up" text,
	"follow_up_dialogue_id" integer
);
--> statement-breakpoint
CREATE TABLE "dialogues" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" text NOT NULL,
	"segment_id" text NOT NULL,
	"lot_id" text,
	"contract_id" integer,
	"provider_id" integer,
	"kind" text NOT NULL,
	"scheduled_on" date NOT NULL,
	"agenda" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text NOT NULL,
	"held_on" date,
	"minutes" text,
	"kpi_snapshot" jsonb,
	"by_user" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procedure_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"procedure_id" integer NOT NULL,
	"region_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"by_user" text NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"reason" text,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "procedures" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" text NOT NULL,
	"segment_id" text NOT NULL,
	"soort" text NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"config" jsonb NOT NULL,
	"entry_open" boolean DEFAULT true NOT NULL,
	"published_on" date,
	"awarded_on" date,
	"contract_start" date,
	"contract_end" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_tiers" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" text NOT NULL,
	"segment_id" text NOT NULL,
	"provider_id" integer NOT NULL,
	"tier" text NOT NULL,
	"method" text NOT NULL,
	"rationale" text NOT NULL,
	"decided_on" date NOT NULL,
	"by_user" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "contract_type" text;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "conditions" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "procedure_id" integer;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "extensions_used" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consortium_members" ADD CONSTRAINT "consortium_members_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consortium_members" ADD CONSTRAINT "consortium_members_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consortium_members" ADD CONSTRAINT "consortium_members_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consortium_members" ADD CONSTRAINT "consortium_members_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_changes" ADD CONSTRAINT "contract_changes_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_changes" ADD CONSTRAINT "contract_changes_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dialogue_actions" ADD CONSTRAINT "dialogue_actions_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dialogue_actions" ADD CONSTRAINT "dialogue_actions_dialogue_id_dialogues_id_fk" FOREIGN KEY ("dialogue_id") REFERENCES "public"."dialogues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dialogues" ADD CONSTRAINT "dialogues_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dialogues" ADD CONSTRAINT "dialogues_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dialogues" ADD CONSTRAINT "dialogues_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedure_events" ADD CONSTRAINT "procedure_events_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedures" ADD CONSTRAINT "procedures_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_tiers" ADD CONSTRAINT "provider_tiers_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_tiers" ADD CONSTRAINT "provider_tiers_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "applications_once" ON "applications" USING btree ("procedure_id","provider_id");--> statement-breakpoint
CREATE INDEX "applications_provider" ON "applications" USING btree ("region_id","provider_id");--> statement-breakpoint
CREATE INDEX "awards_procedure" ON "awards" USING btree ("procedure_id");--> statement-breakpoint
CREATE UNIQUE INDEX "awards_once" ON "awards" USING btree ("procedure_id","application_id","lot_id");--> statement-breakpoint
CREATE INDEX "consortium_members_application" ON "consortium_members" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "consortium_members_contract" ON "consortium_members" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "contract_changes_contract" ON "contract_changes" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "contract_changes_region" ON "contract_changes" USING btree ("region_id","segment_id");--> statement-breakpoint
CREATE INDEX "dialogue_actions_dialogue" ON "dialogue_actions" USING btree ("dialogue_id");--> statement-breakpoint
CREATE INDEX "dialogue_actions_region" ON "dialogue_actions" USING btree ("region_id","status");--> statement-breakpoint
CREATE INDEX "dialogues_region" ON "dialogues" USING btree ("region_id","scheduled_on");--> statement-breakpoint
CREATE INDEX "dialogues_contract" ON "dialogues" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "procedure_events_procedure" ON "procedure_events" USING btree ("procedure_id","id");--> statement-breakpoint
CREATE INDEX "procedures_region" ON "procedures" USING btree ("region_id","segment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "provider_tiers_once" ON "provider_tiers" USING btree ("region_id","segment_id","provider_id");