ALTER TABLE "procedures" ADD COLUMN "intention" jsonb;
