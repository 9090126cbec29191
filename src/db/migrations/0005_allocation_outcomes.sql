CREATE TABLE "allocation_outcomes" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" text NOT NULL,
	"allocation_id" integer NOT NULL,
	"toewijzing_nummer" integer NOT NULL,
	"informant" text NOT NULL,
	"gemeten_op" date NOT NULL,
	"tevredenheid" smallint,
	"zonder_hulp_verder" text,
	"doelrealisatie_pct" smallint,
	"recorded_by" text NOT NULL,
	"recorded_role" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "allocation_outcomes_informant" CHECK ("informant" in ('jeugdige', 'ouder')),
	CONSTRAINT "allocation_outcomes_tevredenheid" CHECK ("tevredenheid" is null or "tevredenheid" between 1 and 10),
	CONSTRAINT "allocation_outcomes_zhv" CHECK ("zonder_hulp_verder" is null or "zonder_hulp_verder" in ('01', '02', '03', '04')),
	CONSTRAINT "allocation_outcomes_doel" CHECK ("doelrealisatie_pct" is null or "doelrealisatie_pct" between 0 and 100)
);
--> statement-breakpoint
ALTER TABLE "allocation_outcomes" ADD CONSTRAINT "allocation_outcomes_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_outcomes" ADD CONSTRAINT "allocation_outcomes_allocation_id_allocations_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "public"."allocations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "allocation_outcomes_one_per_informant" ON "allocation_outcomes" USING btree ("region_id","toewijzing_nummer","informant");--> statement-breakpoint
CREATE INDEX "allocation_outcomes_allocation" ON "allocation_outcomes" USING btree ("allocation_id");
