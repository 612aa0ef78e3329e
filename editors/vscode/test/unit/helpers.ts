// Paths and small helpers shared by the unit tests (bundled with each test by esbuild).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

// the tests run from out/test/unit/*.js; the extension's folder is three levels up
export const EXT = path.resolve(__dirname, '..', '..', '..');
export const REPO = path.resolve(EXT, '..', '..');
export const REFERENCE = path.join(REPO, 'klong', 'reference');

export function readJson(file: string): any {
  // snippet files may start with // comments (VS Code reads them as JSONC)
  const text = readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, '');
  return JSON.parse(text);
}
