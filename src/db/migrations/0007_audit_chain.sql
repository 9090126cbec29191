ALTER TABLE "audit_log" ADD COLUMN "outcome" text DEFAULT 'toegestaan' NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "purpose_code" text DEFAULT 'overig' NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "detail" jsonb;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "hash" text;--> statement-breakpoint
CREATE INDEX "audit_region_at" ON "audit_log" USING btree ("region_id","at");--> statement-breakpoint
CREATE INDEX "audit_username" ON "audit_log" USING btree ("username");
