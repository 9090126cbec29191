ALTER TABLE "allocation_outcomes" ADD COLUMN "resultaatcluster" text;
