-- Issue #14 (200 clients): the API keeps the serialised answers of the heavy list and dashboard routes
-- per region data version (src/api/kept-answers.ts). Those answers also read these tables, so writes
-- to them bump the version of migration 0014 ('funding|<region>') as well: contract changes (contracts
-- list), declarations and their iJw messages (declarations list), allocation outcomes (schedules),
-- procedures and applications (procedure board, market) and provider tiers (market).
CREATE TRIGGER "contract_changes_funding_version_insert" AFTER INSERT ON "contract_changes" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "contract_changes_funding_version_update" AFTER UPDATE ON "contract_changes" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "contract_changes_funding_version_delete" AFTER DELETE ON "contract_changes" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "declarations_funding_version_insert" AFTER INSERT ON "declarations" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "declarations_funding_version_update" AFTER UPDATE ON "declarations" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "declarations_funding_version_delete" AFTER DELETE ON "declarations" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "ijw_messages_funding_version_insert" AFTER INSERT ON "ijw_messages" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "ijw_messages_funding_version_update" AFTER UPDATE ON "ijw_messages" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "ijw_messages_funding_version_delete" AFTER DELETE ON "ijw_messages" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "allocation_outcomes_funding_version_insert" AFTER INSERT ON "allocation_outcomes" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "allocation_outcomes_funding_version_update" AFTER UPDATE ON "allocation_outcomes" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "allocation_outcomes_funding_version_delete" AFTER DELETE ON "allocation_outcomes" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "procedures_funding_version_insert" AFTER INSERT ON "procedures" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "procedures_funding_version_update" AFTER UPDATE ON "procedures" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "procedures_funding_version_delete" AFTER DELETE ON "procedures" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "applications_funding_version_insert" AFTER INSERT ON "applications" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "applications_funding_version_update" AFTER UPDATE ON "applications" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "applications_funding_version_delete" AFTER DELETE ON "applications" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "provider_tiers_funding_version_insert" AFTER INSERT ON "provider_tiers" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "provider_tiers_funding_version_update" AFTER UPDATE ON "provider_tiers" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "provider_tiers_funding_version_delete" AFTER DELETE ON "provider_tiers" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
