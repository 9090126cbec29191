CREATE SEQUENCE "public"."toewijzing_nummer_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 100000 CACHE 1;--> statement-breakpoint
CREATE TABLE "case_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"type" text NOT NULL,
	"by_user" text NOT NULL,
	"text" text NOT NULL,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" text NOT NULL,
	"family_id" integer NOT NULL,
	"youth_id" integer NOT NULL,
	"municipality_code" text NOT NULL,
	"area_id" text,
	"status" text NOT NULL,
	"regievoerder" text,
	"crisis" boolean DEFAULT false NOT NULL,
	"provider_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"state" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ijw_messages" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_id" text NOT NULL,
	"direction" text NOT NULL,
	"code" text,
	"afzender" text,
	"ontvanger" text,
	"identificatie" text,
	"at" timestamp with time zone NOT NULL,
	"xml" text NOT NULL,
	"verdict" jsonb,
	"answers_id" integer,
	"case_id" integer
);
--> statement-breakpoint
ALTER TABLE "families" ADD COLUMN "straatnaam" text;--> statement-breakpoint
ALTER TABLE "families" ADD COLUMN "huisnummer" integer;--> statement-breakpoint
ALTER TABLE "families" ADD COLUMN "postcode" text;--> statement-breakpoint
ALTER TABLE "families" ADD COLUMN "plaatsnaam" text;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_family_id_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."families"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_youth_id_youths_id_fk" FOREIGN KEY ("youth_id") REFERENCES "public"."youths"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ijw_messages" ADD CONSTRAINT "ijw_messages_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ijw_messages" ADD CONSTRAINT "ijw_messages_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_events_case" ON "case_events" USING btree ("case_id","id");--> statement-breakpoint
CREATE INDEX "cases_region_municipality_status" ON "cases" USING btree ("region_id","municipality_code","status");--> statement-breakpoint
CREATE INDEX "cases_family" ON "cases" USING btree ("family_id");--> statement-breakpoint
CREATE INDEX "cases_youth" ON "cases" USING btree ("youth_id");--> statement-breakpoint
CREATE INDEX "ijw_messages_sender" ON "ijw_messages" USING btree ("region_id","afzender","code","identificatie");--> statement-breakpoint
CREATE INDEX "ijw_messages_case" ON "ijw_messages" USING btree ("case_id");