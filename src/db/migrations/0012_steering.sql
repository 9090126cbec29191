ALTER TABLE "allocations" ADD COLUMN "stopdatum" date;--> statement-breakpoint
ALTER TABLE "allocations" ADD COLUMN "reden_beeindiging" text;--> statement-breakpoint
CREATE TABLE "kpi_facts" (
	"region_id" text NOT NULL,
	"indicator_id" text NOT NULL,
	"month" date NOT NULL,
	"segment_id" text DEFAULT '' NOT NULL,
	"area_id" text DEFAULT '' NOT NULL,
	"municipality_code" text DEFAULT '' NOT NULL,
	"provider_id" integer DEFAULT 0 NOT NULL,
	"step" text DEFAULT '' NOT NULL,
	"num" double precision NOT NULL,
	"num_sq" double precision DEFAULT 0 NOT NULL,
	"den" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "kpi_facts" ADD CONSTRAINT "kpi_facts_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_facts_cell" ON "kpi_facts" USING btree ("region_id","indicator_id","month","segment_id","area_id","municipality_code","provider_id","step");--> statement-breakpoint
CREATE TABLE "kpi_refresh" (
	"region_id" text PRIMARY KEY NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL,
	"data_date" date NOT NULL,
	"watermark" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "kpi_refresh" ADD CONSTRAINT "kpi_refresh_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "allocations_region_stop" ON "allocations" USING btree ("region_id","stopdatum");
