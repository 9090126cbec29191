/** Locations of the project's data folders, valid both from src/ (tests) and from dist/ (built). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('project root (package.json) not found');
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findRoot();
export const PROFILES_DIR = join(PROJECT_ROOT, 'profiles');
export const REFERENCE_DIR = join(PROJECT_ROOT, 'reference');
export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'src', 'db', 'migrations');
export const WEB_DIST_DIR = join(PROJECT_ROOT, 'dist', 'web');
/** National law values as data (`wetten/<wet>/<geldigVanaf>.yaml`). */
export const WETTEN_DIR = join(PROJECT_ROOT, 'wetten');
