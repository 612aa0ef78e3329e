// The extension's manifest, generated files and packaging rules agree with its code and with
// the repository's shared reference files.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { EXT, readJson, REFERENCE } from './helpers';

const pkg = readJson(path.join(EXT, 'package.json'));
const source = readFileSync(path.join(EXT, 'src', 'extension.ts'), 'utf8');
const c = pkg.contributes;

test('engines.vscode runs in code-server 4.100 (VS Code 1.100)', () => {
  const m = /^\^1\.(\d+)\.\d+$/.exec(pkg.engines.vscode);
  assert.ok(m && Number(m[1]) <= 100, pkg.engines.vscode);
  const types = /(\d+)\.(\d+)/.exec(pkg.devDependencies['@types/vscode']);
  assert.ok(types && Number(types[2]) <= Number(m![1]), '@types/vscode is not newer than engines.vscode');
});

test('every contributed command is registered, titled, and in the Klong category', () => {
  for (const cmd of c.commands) {
    assert.equal(cmd.category, 'Klong', cmd.command);
    assert.ok(cmd.title, cmd.command);
    assert.ok(source.includes(`register('${cmd.command}'`), `${cmd.command} is registered`);
  }
  const titles = c.commands.map((x: any) => x.title);
  for (const t of ['Evaluate Line or Selection', 'Evaluate File', 'Clear Results', 'Restart Language Server', 'Insert Symbol']) {
    assert.ok(titles.includes(t), t);
  }
  const ids = new Set(c.commands.map((x: any) => x.command));
  for (const k of c.keybindings) assert.ok(ids.has(k.command), k.command);
  for (const menu of Object.values(c.menus) as any[]) for (const m of menu) assert.ok(ids.has(m.command), m.command);
});

test('Shift+Enter evaluates the line or selection in Klong editors only', () => {
  const kb = c.keybindings.find((k: any) => k.key === 'shift+enter');
  assert.equal(kb.command, 'klong.evaluateLineOrSelection');
  assert.match(kb.when, /editorLangId == klong/);
});

test('live evaluation needs a trusted workspace; server paths are restricted settings', () => {
  const trust = pkg.capabilities.untrustedWorkspaces;
  assert.equal(trust.supported, 'limited');
  for (const k of ['klong.server.path', 'klong.pythonPath', 'klong.evaluation.allowSideEffects']) {
    assert.ok(trust.restrictedConfigurations.includes(k), k);
  }
  for (const id of ['klong.evaluateLineOrSelection', 'klong.evaluateFile']) {
    assert.equal(c.commands.find((x: any) => x.command === id).enablement, 'isWorkspaceTrusted');
  }
});

test('.kg files are the Klong language, with its grammar, configuration and snippets', () => {
  assert.deepEqual(c.languages[0].extensions, ['.kg']);
  assert.equal(c.languages[0].id, 'klong');
  assert.ok(pkg.activationEvents.includes('onLanguage:klong'));
  const grammar = readJson(path.join(EXT, c.grammars[0].path));
  assert.equal(grammar.scopeName, c.grammars[0].scopeName);
  const conf = readJson(path.join(EXT, c.languages[0].configuration));
  assert.deepEqual(conf.comments.blockComment, [':"', '"']);
  assert.ok(conf.autoClosingPairs.some((p: any) => p.open === ':"' && p.close === '"'));
  assert.ok(new RegExp(conf.wordPattern).test('a.b1'));
  for (const [open, close] of [['{', '}'], ['[', ']'], ['(', ')']]) {
    assert.ok(conf.brackets.some((b: string[]) => b[0] === open && b[1] === close));
  }
});

test('every include of the grammar names a rule that exists', () => {
  const grammar = readJson(path.join(EXT, c.grammars[0].path));
  const text = JSON.stringify(grammar);
  for (const m of text.matchAll(/"include":"#([^"]+)"/g)) assert.ok(m[1] in grammar.repository, m[1]);
  for (const [name, rule] of Object.entries(grammar.repository) as [string, any][]) {
    for (const key of ['match', 'begin', 'end']) if (rule[key]) assert.doesNotThrow(() => new RegExp(rule[key].replace(/\(\?<[=!]/g, '(?:')), `${name}.${key}`);
  }
});

test('the snippets are generated from klong/reference/snippets.json', () => {
  const file = path.join(EXT, c.snippets[0].path);
  assert.ok(existsSync(file), 'run the build first');
  const generated = readJson(file);
  const ref = readJson(path.join(REFERENCE, 'snippets.json'));
  assert.deepEqual(Object.keys(generated), Object.keys(ref));
  for (const [name, s] of Object.entries(ref) as [string, any][]) {
    assert.deepEqual(generated[name].prefix, s.prefix);
    assert.deepEqual(generated[name].body, s.body);
  }
  const bodies = Object.values(generated).map((s: any) => s.body).join('\n');
  for (const glyph of [':>', '∂', '∇']) assert.ok(bodies.includes(glyph), glyph);
});

test('the package leaves out sources, tests and node_modules', () => {
  const ignore = readFileSync(path.join(EXT, '.vscodeignore'), 'utf8').split('\n').map(l => l.trim());
  for (const p of ['src/**', 'test/**', 'node_modules/**', 'scripts/**']) assert.ok(ignore.includes(p), p);
  assert.deepEqual(pkg.dependencies ?? {}, {}, 'runtime code is bundled: no dependencies to ship');
  assert.equal(pkg.main, './out/extension.js');
});
