-- The lines of one declaration (the declaration screen, funding/declarations.ts; and ON DELETE CASCADE
-- from declarations): without it every request scans all declaration lines (bench/explain.ts on the
-- national set, issue #14 "EXPLAIN of every screen query on the national set shows index use").
CREATE INDEX IF NOT EXISTS "declaration_lines_declaration" ON "declaration_lines" USING btree ("declaration_id");
