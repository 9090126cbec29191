-- Issue #14 (200 clients with writes): a data version per region AND kind of data, next to the region-wide
-- one of migration 0014 ('funding|<region>', which the settlement's carry still reads). A kept answer
-- (src/api/kept-answers.ts) or a kept report (src/app/funding/kept.ts) depends only on the kinds its use
-- case reads, so a write bumps only the kinds it changes: a contract change makes the contract screens
-- cold, not the spend reports; a declaration the spend and declaration screens, not the landscape or the
-- procedure board. Name 'data|<kind>|<region>' in read_model_versions; the kind is the trigger's argument.
-- Kinds: region (regions, providers, segments, municipalities, demo_runs), contracts, contract-changes,
-- procurement (dialogues, consortium members, procedure events, awards, procedures, applications,
-- provider tiers), declarations (declarations, their lines and the read models
-- spend_monthly and allocation_declared), messages (iJw messages), allocations, tariffs, schedules
-- (payment_schedule), ceilings,
-- outcomes (allocation_outcomes). Values from the sequence of migration 0014 (a rollback never reuses one).
CREATE OR REPLACE FUNCTION "read_models_funding_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO read_model_versions AS v (name, version)
	SELECT n.name, nextval('read_models_funding_version')
	FROM (SELECT DISTINCT region_id FROM changed_rows) r
	CROSS JOIN LATERAL (VALUES ('funding|' || r.region_id), ('data|' || TG_ARGV[0] || '|' || r.region_id)) n(name)
	WHERE n.name IS NOT NULL
	ON CONFLICT (name) DO UPDATE SET version = excluded.version;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "read_models_funding_regions_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO read_model_versions AS v (name, version)
	SELECT n.name, nextval('read_models_funding_version')
	FROM (SELECT DISTINCT id FROM changed_rows) r
	CROSS JOIN LATERAL (VALUES ('funding|' || r.id), ('data|' || TG_ARGV[0] || '|' || r.id)) n(name)
	WHERE n.name IS NOT NULL
	ON CONFLICT (name) DO UPDATE SET version = excluded.version;
	RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER "regions_funding_version_insert" ON "regions";
--> statement-breakpoint
CREATE TRIGGER "regions_funding_version_insert" AFTER INSERT ON "regions" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_regions_changed('region');
--> statement-breakpoint
DROP TRIGGER "regions_funding_version_update" ON "regions";
--> statement-breakpoint
CREATE TRIGGER "regions_funding_version_update" AFTER UPDATE ON "regions" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_regions_changed('region');
--> statement-breakpoint
DROP TRIGGER "regions_funding_version_delete" ON "regions";
--> statement-breakpoint
CREATE TRIGGER "regions_funding_version_delete" AFTER DELETE ON "regions" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_regions_changed('region');
--> statement-breakpoint
DROP TRIGGER "providers_funding_version_insert" ON "providers";
--> statement-breakpoint
CREATE TRIGGER "providers_funding_version_insert" AFTER INSERT ON "providers" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('region');
--> statement-breakpoint
DROP TRIGGER "providers_funding_version_update" ON "providers";
--> statement-breakpoint
CREATE TRIGGER "providers_funding_version_update" AFTER UPDATE ON "providers" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('region');
--> statement-breakpoint
DROP TRIGGER "providers_funding_version_delete" ON "providers";
--> statement-breakpoint
CREATE TRIGGER "providers_funding_version_delete" AFTER DELETE ON "providers" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('region');
--> statement-breakpoint
DROP TRIGGER "segments_funding_version_insert" ON "segments";
--> statement-breakpoint
CREATE TRIGGER "segments_funding_version_insert" AFTER INSERT ON "segments" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('region');
--> statement-breakpoint
DROP TRIGGER "segments_funding_version_update" ON "segments";
--> statement-breakpoint
CREATE TRIGGER "segments_funding_version_update" AFTER UPDATE ON "segments" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('region');
--> statement-breakpoint
DROP TRIGGER "segments_funding_version_delete" ON "segments";
--> statement-breakpoint
CREATE TRIGGER "segments_funding_version_delete" AFTER DELETE ON "segments" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('region');
--> statement-breakpoint
DROP TRIGGER "municipalities_funding_version_insert" ON "municipalities";
--> statement-breakpoint
CREATE TRIGGER "municipalities_funding_version_insert" AFTER INSERT ON "municipalities" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('region');
--> statement-breakpoint
DROP TRIGGER "municipalities_funding_version_update" ON "municipalities";
--> statement-breakpoint
CREATE TRIGGER "municipalities_funding_version_update" AFTER UPDATE ON "municipalities" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('region');
--> statement-breakpoint
DROP TRIGGER "municipalities_funding_version_delete" ON "municipalities";
--> statement-breakpoint
CREATE TRIGGER "municipalities_funding_version_delete" AFTER DELETE ON "municipalities" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('region');
--> statement-breakpoint
DROP TRIGGER "demo_runs_funding_version_insert" ON "demo_runs";
--> statement-breakpoint
CREATE TRIGGER "demo_runs_funding_version_insert" AFTER INSERT ON "demo_runs" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('region');
--> statement-breakpoint
DROP TRIGGER "demo_runs_funding_version_update" ON "demo_runs";
--> statement-breakpoint
CREATE TRIGGER "demo_runs_funding_version_update" AFTER UPDATE ON "demo_runs" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('region');
--> statement-breakpoint
DROP TRIGGER "demo_runs_funding_version_delete" ON "demo_runs";
--> statement-breakpoint
CREATE TRIGGER "demo_runs_funding_version_delete" AFTER DELETE ON "demo_runs" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('region');
--> statement-breakpoint
DROP TRIGGER "contracts_funding_version_insert" ON "contracts";
--> statement-breakpoint
CREATE TRIGGER "contracts_funding_version_insert" AFTER INSERT ON "contracts" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('contracts');
--> statement-breakpoint
DROP TRIGGER "contracts_funding_version_update" ON "contracts";
--> statement-breakpoint
CREATE TRIGGER "contracts_funding_version_update" AFTER UPDATE ON "contracts" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('contracts');
--> statement-breakpoint
DROP TRIGGER "contracts_funding_version_delete" ON "contracts";
--> statement-breakpoint
CREATE TRIGGER "contracts_funding_version_delete" AFTER DELETE ON "contracts" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('contracts');
--> statement-breakpoint
DROP TRIGGER "contract_changes_funding_version_insert" ON "contract_changes";
--> statement-breakpoint
CREATE TRIGGER "contract_changes_funding_version_insert" AFTER INSERT ON "contract_changes" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('contract-changes');
--> statement-breakpoint
DROP TRIGGER "contract_changes_funding_version_update" ON "contract_changes";
--> statement-breakpoint
CREATE TRIGGER "contract_changes_funding_version_update" AFTER UPDATE ON "contract_changes" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('contract-changes');
--> statement-breakpoint
DROP TRIGGER "contract_changes_funding_version_delete" ON "contract_changes";
--> statement-breakpoint
CREATE TRIGGER "contract_changes_funding_version_delete" AFTER DELETE ON "contract_changes" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('contract-changes');
--> statement-breakpoint
DROP TRIGGER "dialogues_funding_version_insert" ON "dialogues";
--> statement-breakpoint
CREATE TRIGGER "dialogues_funding_version_insert" AFTER INSERT ON "dialogues" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('procurement');
--> statement-breakpoint
DROP TRIGGER "dialogues_funding_version_update" ON "dialogues";
--> statement-breakpoint
CREATE TRIGGER "dialogues_funding_version_update" AFTER UPDATE ON "dialogues" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('procurement');
--> statement-breakpoint
DROP TRIGGER "dialogues_funding_version_delete" ON "dialogues";
--> statement-breakpoint
CREATE TRIGGER "dialogues_funding_version_delete" AFTER DELETE ON "dialogues" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('procurement');
--> statement-breakpoint
DROP TRIGGER "consortium_members_funding_version_insert" ON "consortium_members";
--> statement-breakpoint
CREATE TRIGGER "consortium_members_funding_version_insert" AFTER INSERT ON "consortium_members" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('procurement');
--> statement-breakpoint
DROP TRIGGER "consortium_members_funding_version_update" ON "consortium_members";
--> statement-breakpoint
CREATE TRIGGER "consortium_members_funding_version_update" AFTER UPDATE ON "consortium_members" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('procurement');
--> statement-breakpoint
DROP TRIGGER "consortium_members_funding_version_delete" ON "consortium_members";
--> statement-breakpoint
CREATE TRIGGER "consortium_members_funding_version_delete" AFTER DELETE ON "consortium_members" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('procurement');
--> statement-breakpoint
DROP TRIGGER "procedure_events_funding_version_insert" ON "procedure_events";
--> statement-breakpoint
CREATE TRIGGER "procedure_events_funding_version_insert" AFTER INSERT ON "procedure_events" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('procurement');
--> statement-breakpoint
DROP TRIGGER "procedure_events_funding_version_update" ON "procedure_events";
--> statement-breakpoint
CREATE TRIGGER "procedure_events_funding_version_update" AFTER UPDATE ON "procedure_events" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('procurement');
--> statement-breakpoint
DROP TRIGGER "procedure_events_funding_version_delete" ON "procedure_events";
--> statement-breakpoint
CREATE TRIGGER "procedure_events_funding_version_delete" AFTER DELETE ON "procedure_events" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('procurement');
--> statement-breakpoint
DROP TRIGGER "awards_funding_version_insert" ON "awards";
--> statement-breakpoint
CREATE TRIGGER "awards_funding_version_insert" AFTER INSERT ON "awards" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('procurement');
--> statement-breakpoint
DROP TRIGGER "awards_funding_version_update" ON "awards";
--> statement-breakpoint
CREATE TRIGGER "awards_funding_version_update" AFTER UPDATE ON "awards" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('procurement');
--> statement-breakpoint
DROP TRIGGER "awards_funding_version_delete" ON "awards";
--> statement-breakpoint
CREATE TRIGGER "awards_funding_version_delete" AFTER DELETE ON "awards" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('procurement');
--> statement-breakpoint
DROP TRIGGER "procedures_funding_version_insert" ON "procedures";
--> statement-breakpoint
CREATE TRIGGER "procedures_funding_version_insert" AFTER INSERT ON "procedures" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('procurement');
--> statement-breakpoint
DROP TRIGGER "procedures_funding_version_update" ON "procedures";
--> statement-breakpoint
CREATE TRIGGER "procedures_funding_version_update" AFTER UPDATE ON "procedures" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('procurement');
--> statement-breakpoint
DROP TRIGGER "procedures_funding_version_delete" ON "procedures";
--> statement-breakpoint
CREATE TRIGGER "procedures_funding_version_delete" AFTER DELETE ON "procedures" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('procurement');
--> statement-breakpoint
DROP TRIGGER "applications_funding_version_insert" ON "applications";
--> statement-breakpoint
CREATE TRIGGER "applications_funding_version_insert" AFTER INSERT ON "applications" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('procurement');
--> statement-breakpoint
DROP TRIGGER "applications_funding_version_update" ON "applications";
--> statement-breakpoint
CREATE TRIGGER "applications_funding_version_update" AFTER UPDATE ON "applications" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('procurement');
--> statement-breakpoint
DROP TRIGGER "applications_funding_version_delete" ON "applications";
--> statement-breakpoint
CREATE TRIGGER "applications_funding_version_delete" AFTER DELETE ON "applications" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('procurement');
--> statement-breakpoint
DROP TRIGGER "provider_tiers_funding_version_insert" ON "provider_tiers";
--> statement-breakpoint
CREATE TRIGGER "provider_tiers_funding_version_insert" AFTER INSERT ON "provider_tiers" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('procurement');
--> statement-breakpoint
DROP TRIGGER "provider_tiers_funding_version_update" ON "provider_tiers";
--> statement-breakpoint
CREATE TRIGGER "provider_tiers_funding_version_update" AFTER UPDATE ON "provider_tiers" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('procurement');
--> statement-breakpoint
DROP TRIGGER "provider_tiers_funding_version_delete" ON "provider_tiers";
--> statement-breakpoint
CREATE TRIGGER "provider_tiers_funding_version_delete" AFTER DELETE ON "provider_tiers" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('procurement');
--> statement-breakpoint
DROP TRIGGER "declaration_lines_funding_version_insert" ON "declaration_lines";
--> statement-breakpoint
CREATE TRIGGER "declaration_lines_funding_version_insert" AFTER INSERT ON "declaration_lines" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('declarations');
--> statement-breakpoint
DROP TRIGGER "declaration_lines_funding_version_update" ON "declaration_lines";
--> statement-breakpoint
CREATE TRIGGER "declaration_lines_funding_version_update" AFTER UPDATE ON "declaration_lines" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('declarations');
--> statement-breakpoint
DROP TRIGGER "declaration_lines_funding_version_delete" ON "declaration_lines";
--> statement-breakpoint
CREATE TRIGGER "declaration_lines_funding_version_delete" AFTER DELETE ON "declaration_lines" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('declarations');
--> statement-breakpoint
DROP TRIGGER "spend_monthly_funding_version_insert" ON "spend_monthly";
--> statement-breakpoint
CREATE TRIGGER "spend_monthly_funding_version_insert" AFTER INSERT ON "spend_monthly" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('declarations');
--> statement-breakpoint
DROP TRIGGER "spend_monthly_funding_version_update" ON "spend_monthly";
--> statement-breakpoint
CREATE TRIGGER "spend_monthly_funding_version_update" AFTER UPDATE ON "spend_monthly" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('declarations');
--> statement-breakpoint
DROP TRIGGER "spend_monthly_funding_version_delete" ON "spend_monthly";
--> statement-breakpoint
CREATE TRIGGER "spend_monthly_funding_version_delete" AFTER DELETE ON "spend_monthly" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('declarations');
--> statement-breakpoint
DROP TRIGGER "allocation_declared_funding_version_insert" ON "allocation_declared";
--> statement-breakpoint
CREATE TRIGGER "allocation_declared_funding_version_insert" AFTER INSERT ON "allocation_declared" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('declarations');
--> statement-breakpoint
DROP TRIGGER "allocation_declared_funding_version_update" ON "allocation_declared";
--> statement-breakpoint
CREATE TRIGGER "allocation_declared_funding_version_update" AFTER UPDATE ON "allocation_declared" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('declarations');
--> statement-breakpoint
DROP TRIGGER "allocation_declared_funding_version_delete" ON "allocation_declared";
--> statement-breakpoint
CREATE TRIGGER "allocation_declared_funding_version_delete" AFTER DELETE ON "allocation_declared" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('declarations');
--> statement-breakpoint
DROP TRIGGER "declarations_funding_version_insert" ON "declarations";
--> statement-breakpoint
CREATE TRIGGER "declarations_funding_version_insert" AFTER INSERT ON "declarations" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('declarations');
--> statement-breakpoint
DROP TRIGGER "declarations_funding_version_update" ON "declarations";
--> statement-breakpoint
CREATE TRIGGER "declarations_funding_version_update" AFTER UPDATE ON "declarations" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('declarations');
--> statement-breakpoint
DROP TRIGGER "declarations_funding_version_delete" ON "declarations";
--> statement-breakpoint
CREATE TRIGGER "declarations_funding_version_delete" AFTER DELETE ON "declarations" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('declarations');
--> statement-breakpoint
DROP TRIGGER "ijw_messages_funding_version_insert" ON "ijw_messages";
--> statement-breakpoint
CREATE TRIGGER "ijw_messages_funding_version_insert" AFTER INSERT ON "ijw_messages" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('messages');
--> statement-breakpoint
DROP TRIGGER "ijw_messages_funding_version_update" ON "ijw_messages";
--> statement-breakpoint
CREATE TRIGGER "ijw_messages_funding_version_update" AFTER UPDATE ON "ijw_messages" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('messages');
--> statement-breakpoint
DROP TRIGGER "ijw_messages_funding_version_delete" ON "ijw_messages";
--> statement-breakpoint
CREATE TRIGGER "ijw_messages_funding_version_delete" AFTER DELETE ON "ijw_messages" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('messages');
--> statement-breakpoint
DROP TRIGGER "allocations_funding_version_insert" ON "allocations";
--> statement-breakpoint
CREATE TRIGGER "allocations_funding_version_insert" AFTER INSERT ON "allocations" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('allocations');
--> statement-breakpoint
DROP TRIGGER "allocations_funding_version_update" ON "allocations";
--> statement-breakpoint
CREATE TRIGGER "allocations_funding_version_update" AFTER UPDATE ON "allocations" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('allocations');
--> statement-breakpoint
DROP TRIGGER "allocations_funding_version_delete" ON "allocations";
--> statement-breakpoint
CREATE TRIGGER "allocations_funding_version_delete" AFTER DELETE ON "allocations" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('allocations');
--> statement-breakpoint
DROP TRIGGER "tariffs_funding_version_insert" ON "tariffs";
--> statement-breakpoint
CREATE TRIGGER "tariffs_funding_version_insert" AFTER INSERT ON "tariffs" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('tariffs');
--> statement-breakpoint
DROP TRIGGER "tariffs_funding_version_update" ON "tariffs";
--> statement-breakpoint
CREATE TRIGGER "tariffs_funding_version_update" AFTER UPDATE ON "tariffs" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('tariffs');
--> statement-breakpoint
DROP TRIGGER "tariffs_funding_version_delete" ON "tariffs";
--> statement-breakpoint
CREATE TRIGGER "tariffs_funding_version_delete" AFTER DELETE ON "tariffs" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('tariffs');
--> statement-breakpoint
DROP TRIGGER "payment_schedule_funding_version_insert" ON "payment_schedule";
--> statement-breakpoint
CREATE TRIGGER "payment_schedule_funding_version_insert" AFTER INSERT ON "payment_schedule" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('schedules');
--> statement-breakpoint
DROP TRIGGER "payment_schedule_funding_version_update" ON "payment_schedule";
--> statement-breakpoint
CREATE TRIGGER "payment_schedule_funding_version_update" AFTER UPDATE ON "payment_schedule" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('schedules');
--> statement-breakpoint
DROP TRIGGER "payment_schedule_funding_version_delete" ON "payment_schedule";
--> statement-breakpoint
CREATE TRIGGER "payment_schedule_funding_version_delete" AFTER DELETE ON "payment_schedule" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('schedules');
--> statement-breakpoint
DROP TRIGGER "ceilings_funding_version_insert" ON "ceilings";
--> statement-breakpoint
CREATE TRIGGER "ceilings_funding_version_insert" AFTER INSERT ON "ceilings" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('ceilings');
--> statement-breakpoint
DROP TRIGGER "ceilings_funding_version_update" ON "ceilings";
--> statement-breakpoint
CREATE TRIGGER "ceilings_funding_version_update" AFTER UPDATE ON "ceilings" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('ceilings');
--> statement-breakpoint
DROP TRIGGER "ceilings_funding_version_delete" ON "ceilings";
--> statement-breakpoint
CREATE TRIGGER "ceilings_funding_version_delete" AFTER DELETE ON "ceilings" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('ceilings');
--> statement-breakpoint
DROP TRIGGER "allocation_outcomes_funding_version_insert" ON "allocation_outcomes";
--> statement-breakpoint
CREATE TRIGGER "allocation_outcomes_funding_version_insert" AFTER INSERT ON "allocation_outcomes" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('outcomes');
--> statement-breakpoint
DROP TRIGGER "allocation_outcomes_funding_version_update" ON "allocation_outcomes";
--> statement-breakpoint
CREATE TRIGGER "allocation_outcomes_funding_version_update" AFTER UPDATE ON "allocation_outcomes" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('outcomes');
--> statement-breakpoint
DROP TRIGGER "allocation_outcomes_funding_version_delete" ON "allocation_outcomes";
--> statement-breakpoint
CREATE TRIGGER "allocation_outcomes_funding_version_delete" AFTER DELETE ON "allocation_outcomes" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION read_models_funding_changed('outcomes');
--> statement-breakpoint
-- Issue #14 point 4 (the local team's worklist under many users): the audit trail's rows are appended in
-- one statement. It takes the trail's lock (src/app/audit.ts), reads the chain's head after the lock
-- (a volatile function: each statement sees what was committed before it), and inserts the rows in
-- order with hash = SHA-256 of '["<previous hash>",' followed by the row's tail (the canonical JSON of
-- its fields without the opening bracket, computed by the caller: auditHashTail), the same input as
-- auditHash in src/domain/audit/audit.ts. Before, the lock was held across three round trips.
CREATE FUNCTION "audit_append"(lock_key bigint, entries jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	prev text;
	h text;
	e jsonb;
BEGIN
	PERFORM pg_advisory_xact_lock(lock_key);
	SELECT a.hash INTO prev FROM audit_log a WHERE a.hash IS NOT NULL ORDER BY a.id DESC LIMIT 1;
	prev := coalesce(prev, repeat('0', 64));
	FOR e IN SELECT x.value FROM jsonb_array_elements(entries) WITH ORDINALITY AS x(value, n) ORDER BY x.n LOOP
		h := encode(sha256(convert_to('["' || prev || '",' || (e->>'tail'), 'UTF8')), 'hex');
		INSERT INTO audit_log (at, user_id, username, action, outcome, subject_type, subject_id, region_id, purpose_code, purpose, detail, prev_hash, hash)
		VALUES ((e->>'at')::timestamptz, (e->>'userId')::integer, e->>'username', e->>'action', e->>'outcome', e->>'subjectType', e->>'subjectId',
			e->>'regionId', e->>'purposeCode', e->>'purpose', nullif(e->'detail', 'null'::jsonb), prev, h);
		prev := h;
	END LOOP;
END $$;
