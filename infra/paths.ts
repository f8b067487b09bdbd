import path from 'node:path';

/** Absolute paths the project's own tooling uses; everything mutable lives under data/. */
export const projectRoot = path.resolve(__dirname, '..');
export const dataDir = process.env.HUIYING_DATA_DIR ?? path.join(projectRoot, 'data');
export const toolsDir = path.join(projectRoot, '.tools');
