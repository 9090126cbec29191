-- Issue #14: a version per region of the data the funding reports read (spend report, contract
-- ceilings, KPIs), bumped by statement triggers on every write to those tables, so a computed report
-- is kept (src/app/funding/spend.ts) until that region's data changes instead of being recomputed
-- on every request. Name 'funding|<region id>' in read_model_versions (migration 0009). The values
-- come from a sequence, which a rollback does not take back: a version seen inside a transaction that
-- rolled back is never used again for other data.
CREATE SEQUENCE "read_models_funding_version";
--> statement-breakpoint
CREATE FUNCTION "read_models_funding_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO read_model_versions AS v (name, version)
	SELECT 'funding|' || r.region_id, nextval('read_models_funding_version') FROM (SELECT DISTINCT region_id FROM changed_rows) r
	ON CONFLICT (name) DO UPDATE SET version = excluded.version;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "read_models_funding_regions_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO read_model_versions AS v (name, version)
	SELECT 'funding|' || r.id, nextval('read_models_funding_version') FROM (SELECT DISTINCT id FROM changed_rows) r
	ON CONFLICT (name) DO UPDATE SET version = excluded.version;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "declaration_lines_funding_version_insert" AFTER INSERT ON "declaration_lines" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "declaration_lines_funding_version_update" AFTER UPDATE ON "declaration_lines" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "declaration_lines_funding_version_delete" AFTER DELETE ON "declaration_lines" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "spend_monthly_funding_version_insert" AFTER INSERT ON "spend_monthly" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "spend_monthly_funding_version_update" AFTER UPDATE ON "spend_monthly" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "spend_monthly_funding_version_delete" AFTER DELETE ON "spend_monthly" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "allocation_declared_funding_version_insert" AFTER INSERT ON "allocation_declared" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "allocation_declared_funding_version_update" AFTER UPDATE ON "allocation_declared" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "allocation_declared_funding_version_delete" AFTER DELETE ON "allocation_declared" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "allocations_funding_version_insert" AFTER INSERT ON "allocations" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "allocations_funding_version_update" AFTER UPDATE ON "allocations" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "allocations_funding_version_delete" AFTER DELETE ON "allocations" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "tariffs_funding_version_insert" AFTER INSERT ON "tariffs" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "tariffs_funding_version_update" AFTER UPDATE ON "tariffs" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "tariffs_funding_version_delete" AFTER DELETE ON "tariffs" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "payment_schedule_funding_version_insert" AFTER INSERT ON "payment_schedule" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "payment_schedule_funding_version_update" AFTER UPDATE ON "payment_schedule" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "payment_schedule_funding_version_delete" AFTER DELETE ON "payment_schedule" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "ceilings_funding_version_insert" AFTER INSERT ON "ceilings" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "ceilings_funding_version_update" AFTER UPDATE ON "ceilings" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "ceilings_funding_version_delete" AFTER DELETE ON "ceilings" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "providers_funding_version_insert" AFTER INSERT ON "providers" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "providers_funding_version_update" AFTER UPDATE ON "providers" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "providers_funding_version_delete" AFTER DELETE ON "providers" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "segments_funding_version_insert" AFTER INSERT ON "segments" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "segments_funding_version_update" AFTER UPDATE ON "segments" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "segments_funding_version_delete" AFTER DELETE ON "segments" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "municipalities_funding_version_insert" AFTER INSERT ON "municipalities" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "municipalities_funding_version_update" AFTER UPDATE ON "municipalities" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "municipalities_funding_version_delete" AFTER DELETE ON "municipalities" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "demo_runs_funding_version_insert" AFTER INSERT ON "demo_runs" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "demo_runs_funding_version_update" AFTER UPDATE ON "demo_runs" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "demo_runs_funding_version_delete" AFTER DELETE ON "demo_runs" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "regions_funding_version_insert" AFTER INSERT ON "regions" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_regions_changed();
--> statement-breakpoint
CREATE TRIGGER "regions_funding_version_update" AFTER UPDATE ON "regions" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_regions_changed();
--> statement-breakpoint
CREATE TRIGGER "regions_funding_version_delete" AFTER DELETE ON "regions" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_regions_changed();
