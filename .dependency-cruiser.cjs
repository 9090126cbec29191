/**
 * Import rules checked by test/unit/dependencies.test.ts (dependency-cruiser):
 * - no import cycle anywhere in src/ or web/src/;
 * - production code (src/app, src/api, src/domain, src/db, src/ijw) never imports demo generation (src/demo/);
 *   only src/cli and the start-up wiring (src/app/startup.ts, called by `serve` and the tests) may;
 * - no production module imports the start-up wiring (it would reach the demo through it).
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle (also through a dynamic import()).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-demo-in-production',
      severity: 'error',
      comment: 'Demo generation lives in src/demo; production code never imports it (src/cli and src/app/startup.ts may).',
      from: { path: '^src/(app|api|domain|db|ijw)/', pathNot: '^src/app/startup\\.ts$' },
      to: { path: '^src/demo/' },
    },
    {
      name: 'no-startup-in-production',
      severity: 'error',
      comment: 'The start-up wiring imports the demo; only src/cli (and the tests) call it.',
      from: { path: '^src/(app|api|domain|db|ijw|demo)/', pathNot: '^src/app/startup\\.ts$' },
      to: { path: '^src/app/startup\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.d.ts'] },
  },
};
