import fs from 'node:fs';
import path from 'node:path';

/** The folder holding package.json, from source (tsx) and from compiled dist/ alike. */
function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}

/** Absolute paths the project's own tooling uses; everything mutable lives under data/. */
export const projectRoot = findProjectRoot(__dirname);
export const dataDir = process.env.HUIYING_DATA_DIR ?? path.join(projectRoot, 'data');
export const toolsDir = path.join(projectRoot, '.tools');
