-- Read models for the funding screens (issue #14): kept current on write by statement-level
-- triggers on declaration_lines, so no screen request scans the declaration lines.
-- spend_monthly: per region, provider (AGB), segment, municipality and month of the ProductPeriode
-- begin: approved amount (credits negative, as amount_cents), lines and rejected lines.
CREATE TABLE "spend_monthly" (
	"region_id" text NOT NULL,
	"provider_agb" text NOT NULL,
	"segment_id" text NOT NULL,
	"municipality_code" text NOT NULL,
	"month" date NOT NULL,
	"approved_cents" bigint DEFAULT 0 NOT NULL,
	"lines" integer DEFAULT 0 NOT NULL,
	"rejected_lines" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "spend_monthly_pk" PRIMARY KEY("region_id","provider_agb","segment_id","municipality_code","month")
);
--> statement-breakpoint
CREATE INDEX "spend_monthly_region_month" ON "spend_monthly" USING btree ("region_id","month");
--> statement-breakpoint
-- allocation_declared: per allocation (region, ToewijzingNummer) what its approved lines declared:
-- the net volume (credits subtracted) and the end of the last debit that is not credited.
CREATE TABLE "allocation_declared" (
	"region_id" text NOT NULL,
	"toewijzing_nummer" integer NOT NULL,
	"net_volume" bigint DEFAULT 0 NOT NULL,
	"last_debit_end" date,
	CONSTRAINT "allocation_declared_pk" PRIMARY KEY("region_id","toewijzing_nummer")
);
--> statement-breakpoint
CREATE FUNCTION "read_models_lines_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO spend_monthly AS s (region_id, provider_agb, segment_id, municipality_code, month, approved_cents, lines, rejected_lines)
	SELECT region_id, provider_agb, coalesce(segment_id, '?'), coalesce(municipality_code, '?'), date_trunc('month', begindatum)::date,
		coalesce(sum(amount_cents) FILTER (WHERE approved), 0), count(*), count(*) FILTER (WHERE NOT approved)
	FROM new_lines GROUP BY 1, 2, 3, 4, 5
	ON CONFLICT (region_id, provider_agb, segment_id, municipality_code, month) DO UPDATE
	SET approved_cents = s.approved_cents + excluded.approved_cents, lines = s.lines + excluded.lines, rejected_lines = s.rejected_lines + excluded.rejected_lines;
	INSERT INTO allocation_declared AS a (region_id, toewijzing_nummer, net_volume, last_debit_end)
	SELECT region_id, toewijzing_nummer, sum(CASE WHEN debet_credit = 'C' THEN -volume ELSE volume END),
		max(einddatum) FILTER (WHERE debet_credit = 'D' AND NOT credited)
	FROM new_lines WHERE approved GROUP BY 1, 2
	ON CONFLICT (region_id, toewijzing_nummer) DO UPDATE
	SET net_volume = a.net_volume + excluded.net_volume, last_debit_end = greatest(a.last_debit_end, excluded.last_debit_end);
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "read_models_lines_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE spend_monthly s SET approved_cents = s.approved_cents - d.cents, lines = s.lines - d.n, rejected_lines = s.rejected_lines - d.r
	FROM (SELECT region_id, provider_agb, coalesce(segment_id, '?') AS segment_id, coalesce(municipality_code, '?') AS municipality_code,
			date_trunc('month', begindatum)::date AS month, coalesce(sum(amount_cents) FILTER (WHERE approved), 0) AS cents, count(*) AS n,
			count(*) FILTER (WHERE NOT approved) AS r
		FROM old_lines GROUP BY 1, 2, 3, 4, 5) d
	WHERE s.region_id = d.region_id AND s.provider_agb = d.provider_agb AND s.segment_id = d.segment_id AND s.municipality_code = d.municipality_code AND s.month = d.month;
	PERFORM read_models_recount_allocations(ARRAY(SELECT DISTINCT region_id || '|' || toewijzing_nummer FROM old_lines WHERE approved));
	RETURN NULL;
END $$;
--> statement-breakpoint
-- Recomputes allocation_declared for the given region|nummer keys from their lines (index declaration_lines_allocation).
CREATE FUNCTION "read_models_recount_allocations"(keys text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	IF coalesce(array_length(keys, 1), 0) = 0 THEN RETURN; END IF;
	DELETE FROM allocation_declared a WHERE a.region_id || '|' || a.toewijzing_nummer = ANY (keys);
	INSERT INTO allocation_declared (region_id, toewijzing_nummer, net_volume, last_debit_end)
	SELECT l.region_id, l.toewijzing_nummer, sum(CASE WHEN l.debet_credit = 'C' THEN -l.volume ELSE l.volume END),
		max(l.einddatum) FILTER (WHERE l.debet_credit = 'D' AND NOT l.credited)
	FROM (SELECT split_part(k, '|', 1) AS region_id, split_part(k, '|', 2)::int AS nummer FROM unnest(keys) AS k) k
	JOIN declaration_lines l ON l.region_id = k.region_id AND l.toewijzing_nummer = k.nummer AND l.approved
	GROUP BY 1, 2;
END $$;
--> statement-breakpoint
-- A credit marks its debit as credited (settle.ts): the last open debit of those allocations is recounted.
CREATE FUNCTION "read_models_lines_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM read_models_recount_allocations(ARRAY(SELECT DISTINCT n.region_id || '|' || n.toewijzing_nummer FROM new_lines n JOIN old_lines o ON o.id = n.id
		WHERE n.approved AND (n.credited IS DISTINCT FROM o.credited OR n.volume IS DISTINCT FROM o.volume OR n.einddatum IS DISTINCT FROM o.einddatum)));
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "declaration_lines_read_models_insert" AFTER INSERT ON "declaration_lines" REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION read_models_lines_inserted();
--> statement-breakpoint
CREATE TRIGGER "declaration_lines_read_models_delete" AFTER DELETE ON "declaration_lines" REFERENCING OLD TABLE AS old_lines FOR EACH STATEMENT EXECUTE FUNCTION read_models_lines_deleted();
--> statement-breakpoint
CREATE TRIGGER "declaration_lines_read_models_update" AFTER UPDATE ON "declaration_lines" REFERENCING OLD TABLE AS old_lines NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION read_models_lines_updated();
--> statement-breakpoint
-- Existing data folders: the read models from the lines already there.
INSERT INTO spend_monthly (region_id, provider_agb, segment_id, municipality_code, month, approved_cents, lines, rejected_lines)
SELECT region_id, provider_agb, coalesce(segment_id, '?'), coalesce(municipality_code, '?'), date_trunc('month', begindatum)::date,
	coalesce(sum(amount_cents) FILTER (WHERE approved), 0), count(*), count(*) FILTER (WHERE NOT approved)
FROM declaration_lines GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO allocation_declared (region_id, toewijzing_nummer, net_volume, last_debit_end)
SELECT region_id, toewijzing_nummer, sum(CASE WHEN debet_credit = 'C' THEN -volume ELSE volume END),
	max(einddatum) FILTER (WHERE debet_credit = 'D' AND NOT credited)
FROM declaration_lines WHERE approved GROUP BY 1, 2;
--> statement-breakpoint
-- The declarations list: newest period first (declarations.ts listDeclarations).
CREATE INDEX IF NOT EXISTS "declarations_region_period" ON "declarations" USING btree ("region_id","period_start" DESC NULLS LAST,"id" DESC);
--> statement-breakpoint
-- Care summary (care.ts): computed from the trajectories and kept per region, scope and day until
-- the trajectories change; any write to trajectories bumps the version (statement trigger).
CREATE TABLE "read_model_versions" (
	"name" text PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "read_model_cache" (
	"region_id" text NOT NULL,
	"key" text NOT NULL,
	"version" bigint NOT NULL,
	"body" jsonb NOT NULL,
	CONSTRAINT "read_model_cache_pk" PRIMARY KEY("region_id","key")
);
--> statement-breakpoint
CREATE FUNCTION "read_models_trajectories_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO read_model_versions (name, version) VALUES ('trajectories', 1)
	ON CONFLICT (name) DO UPDATE SET version = read_model_versions.version + 1;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "trajectories_read_models" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "trajectories" FOR EACH STATEMENT EXECUTE FUNCTION read_models_trajectories_changed();
