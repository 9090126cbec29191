import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Database tests open their own PGlite (or PostgreSQL database when DATABASE_URL is set).
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Server logs (pino, on by default) stay quiet in tests; a test that checks logs passes its own stream.
    env: { REGIEKAMER_LOG_LEVEL: process.env.REGIEKAMER_LOG_LEVEL ?? 'silent' },
  },
});
