-- Issue #14: the demo's funding history writes its declaration lines with COPY while the row and
-- statement triggers of declaration_lines are off for that one statement (session_replication_role
-- replica, SET LOCAL in the batch's transaction; src/demo/funding.ts). This function then does, once
-- for the whole batch, what the skipped insert triggers do: read_models_lines_inserted (migration
-- 0009: spend_monthly, allocation_declared) and read_models_funding_changed (migration 0014: the
-- region's data version). The lines are those with an id from first_id through last_id whose
-- declaration is one of declaration_ids (the batch's own new declarations: no other transaction can
-- have written lines of them). The statements are those of read_models_lines_inserted with new_lines
-- being these lines; keep the two equal.
CREATE FUNCTION "read_models_lines_bulk_inserted"(first_id integer, last_id integer, declaration_ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO spend_monthly AS s (region_id, provider_agb, segment_id, municipality_code, month, approved_cents, lines, rejected_lines)
	SELECT region_id, provider_agb, coalesce(segment_id, '?'), coalesce(municipality_code, '?'), date_trunc('month', begindatum)::date,
		coalesce(sum(amount_cents) FILTER (WHERE approved), 0), count(*), count(*) FILTER (WHERE NOT approved)
	FROM (SELECT l.* FROM declaration_lines l WHERE l.id BETWEEN first_id AND last_id AND l.declaration_id = ANY (declaration_ids)) new_lines GROUP BY 1, 2, 3, 4, 5
	ON CONFLICT (region_id, provider_agb, segment_id, municipality_code, month) DO UPDATE
	SET approved_cents = s.approved_cents + excluded.approved_cents, lines = s.lines + excluded.lines, rejected_lines = s.rejected_lines + excluded.rejected_lines;
	INSERT INTO allocation_declared AS a (region_id, toewijzing_nummer, net_volume, last_debit_end)
	SELECT region_id, toewijzing_nummer, sum(CASE WHEN debet_credit = 'C' THEN -volume ELSE volume END),
		max(einddatum) FILTER (WHERE debet_credit = 'D' AND NOT credited)
	FROM (SELECT l.* FROM declaration_lines l WHERE l.id BETWEEN first_id AND last_id AND l.declaration_id = ANY (declaration_ids)) new_lines WHERE approved GROUP BY 1, 2
	ON CONFLICT (region_id, toewijzing_nummer) DO UPDATE
	SET net_volume = a.net_volume + excluded.net_volume, last_debit_end = greatest(a.last_debit_end, excluded.last_debit_end);
	INSERT INTO read_model_versions AS v (name, version)
	SELECT 'funding|' || r.region_id, nextval('read_models_funding_version') FROM (SELECT DISTINCT region_id FROM (SELECT l.* FROM declaration_lines l WHERE l.id BETWEEN first_id AND last_id AND l.declaration_id = ANY (declaration_ids)) l) r
	ON CONFLICT (name) DO UPDATE SET version = excluded.version;
END $$;
