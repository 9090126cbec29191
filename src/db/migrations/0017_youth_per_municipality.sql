-- A youth is registered per municipality (each municipality is the controller of its own youth-care
-- records): the same BSN may be registered by two municipalities of one region, each with its own
-- record, so registering a child never reveals that another municipality knows it (issue #10).
DROP INDEX IF EXISTS "youths_region_bsn";
--> statement-breakpoint
CREATE UNIQUE INDEX "youths_region_municipality_bsn" ON "youths" USING btree ("region_id","municipality_code","bsn");
