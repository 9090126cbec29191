-- Issue #14 (200 clients, the realistic mix): the contract detail (GET /regions/{id}/contracts/{cid}) is
-- a kept answer too (src/api/kept-answers.ts). Besides the tables of migrations 0014, 0019 and 0022 it
-- reads the contract's dialogues, consortium members, its procedure's events and its award, so writes
-- to those bump the region's version ('funding|<region>') as well.
CREATE TRIGGER "dialogues_funding_version_insert" AFTER INSERT ON "dialogues" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "dialogues_funding_version_update" AFTER UPDATE ON "dialogues" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "dialogues_funding_version_delete" AFTER DELETE ON "dialogues" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "consortium_members_funding_version_insert" AFTER INSERT ON "consortium_members" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "consortium_members_funding_version_update" AFTER UPDATE ON "consortium_members" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "consortium_members_funding_version_delete" AFTER DELETE ON "consortium_members" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "procedure_events_funding_version_insert" AFTER INSERT ON "procedure_events" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "procedure_events_funding_version_update" AFTER UPDATE ON "procedure_events" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "procedure_events_funding_version_delete" AFTER DELETE ON "procedure_events" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "awards_funding_version_insert" AFTER INSERT ON "awards" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "awards_funding_version_update" AFTER UPDATE ON "awards" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
--> statement-breakpoint
CREATE TRIGGER "awards_funding_version_delete" AFTER DELETE ON "awards" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed();
