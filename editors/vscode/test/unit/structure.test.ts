// How the extension's source is laid out: the logic the unit tests cover stays free of 'vscode',
// and state lives in the context (ctx.ts), not in module variables.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { EXT } from './helpers';

const SRC = path.join(EXT, 'src');
const sources = readdirSync(SRC).filter(f => f.endsWith('.ts')).sort();
const text = (f: string) => readFileSync(path.join(SRC, f), 'utf8');

test('the modules the unit tests import do not import vscode', () => {
  for (const f of ['inputTable.ts', 'results.ts', 'serverInstall.ts', 'serverLocator.ts', 'settings.ts']) {
    assert.ok(sources.includes(f), f);
    assert.doesNotMatch(text(f), /from 'vscode'|require\('vscode'\)/, f);
  }
});

test('no module variables: the one left hands the context to deactivate', () => {
  const found: string[] = [];
  for (const f of sources) {
    for (const line of text(f).split('\n')) {
      if (/^(export\s+)?(let|var)\s/.test(line)) found.push(`${f}: ${line}`);
    }
  }
  assert.deepEqual(found, ['extension.ts: let active: Ctx | undefined;']);
});

test('activate registers every command through a function of the context', () => {
  const registered = [...text('extension.ts').matchAll(/register\('([\w.]+)', commands\.(\w+)\)/g)];
  assert.equal(registered.length, 8);
  const exported = new Set([...text('commands.ts').matchAll(/^export function (\w+)\(_?ctx: Ctx\): Cmd/gm)].map(m => m[1]));
  for (const [, id, fn] of registered) {
    assert.equal(id, `klong.${fn}`);
    assert.ok(exported.has(fn), fn);
  }
});
