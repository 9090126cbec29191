/** The demo's bulk writes check foreign keys once per statement: the helpers live in src/db/foreign-keys.ts (the KPI facts use them too). */
export { withForeignKeysCheckedOnce, withForeignKeysCheckedOnceRaw, type RunQuery } from '../db/foreign-keys.js';
