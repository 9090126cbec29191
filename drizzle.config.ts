import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/db/schema.ts', './src/db/schema-procurement.ts', './src/db/schema-simulation.ts', './src/db/schema-steering.ts'],
  out: './src/db/migrations',
});
