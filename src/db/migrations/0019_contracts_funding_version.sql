-- Issue #14: writes to contracts bump the region's data version of migration 0014 too, so the
-- landscape (contracts in force with their providers, src/app/landscape.ts) can be kept per version
-- instead of being rebuilt from every contract row on each request.
CREATE TRIGGER "contracts_funding_version_insert" AFTER INSERT ON "contracts" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "contracts_funding_version_update" AFTER UPDATE ON "contracts" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "contracts_funding_version_delete" AFTER DELETE ON "contracts" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
