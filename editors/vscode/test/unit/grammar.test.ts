// The grammar against the ONE primitives table (klong/reference/primitives.json): every verb,
// adverb, operator extension and system name gets its token class. The token classes
// themselves are tested case by case in test/grammar/*.kg (vscode-tmgrammar-test).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as tm from 'vscode-textmate';
import { EXT, readJson, REFERENCE } from './helpers';

let grammar: tm.IGrammar;

before(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm', { paths: [EXT] }));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new tm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () => tm.parseRawGrammar(
      readFileSync(path.join(EXT, 'syntaxes', 'klong.tmLanguage.json'), 'utf8'), 'klong.tmLanguage.json'),
  });
  grammar = (await registry.loadGrammar('source.klong'))!;
});

/** The scopes of the token that starts at `col` of `line`. */
function scopesAt(line: string, col: number): string[] {
  const tokens = grammar.tokenizeLine(line, tm.INITIAL).tokens;
  const t = tokens.find(tok => tok.startIndex <= col && col < tok.endIndex)!;
  return t.scopes;
}

/** The scopes of `text`, which must be one token, written at `col` of `line`. */
function token(line: string, text: string): string[] {
  const col = line.indexOf(text);
  const tokens = grammar.tokenizeLine(line, tm.INITIAL).tokens;
  const t = tokens.find(tok => tok.startIndex === col);
  assert.ok(t, `a token starts at ${text} in ${line}`);
  assert.equal(line.slice(t.startIndex, t.endIndex), text, `${text} is one token in ${line}`);
  return t.scopes;
}

const entries: any[] = readJson(path.join(REFERENCE, 'primitives.json')).entries;
const has = (scopes: string[], prefix: string) => scopes.some(s => s.startsWith(prefix));

test('every verb of the table is a verb token (:: is assignment)', () => {
  const verbs = entries.filter(e => e.kind === 'verb');
  assert.ok(verbs.length > 20);
  for (const e of verbs) {
    const scopes = token(`a${e.name}b`, e.name);
    assert.ok(has(scopes, e.name === '::' ? 'keyword.operator.assignment' : 'keyword.operator.verb'), `${e.name}: ${scopes}`);
  }
});

test('every adverb of the table is an adverb token', () => {
  const adverbs = entries.filter(e => e.kind === 'adverb');
  assert.ok(adverbs.length >= 9);
  for (const e of adverbs) {
    const scopes = token(`f${e.name}a`, e.name);
    assert.ok(has(scopes, 'keyword.operator.adverb'), `${e.name}: ${scopes}`);
  }
});

test('the autograd operators of the table are autograd tokens', () => {
  const ops = entries.filter(e => e.kind === 'extension' && !e.name.startsWith('.') && /[:∇∂˙]/.test(e.name) && e.name !== '[;');
  assert.deepEqual(new Set(ops.map(e => e.name)), new Set([':>', '∇', '∂', '˙']));
  for (const e of ops) {
    const scopes = token(`x${e.name}f`, e.name);
    assert.ok(has(scopes, 'keyword.operator.autograd'), `${e.name}: ${scopes}`);
  }
});

test('every system function and variable of the table is a system name', () => {
  const names = entries.filter(e => e.name.startsWith('.'));
  assert.ok(names.length > 30);
  for (const e of names) {
    const scopes = token(`${e.name}(1);${e.name}`, e.name);
    assert.ok(has(scopes, 'support.function.system'), `${e.name}: ${scopes}`);
  }
});

test('the syntax entries of the table: conditional, comment, function, list, dictionary', () => {
  assert.ok(has(scopesAt(':[1;2;3]', 0), 'keyword.control.conditional'));
  assert.ok(has(scopesAt(':[0;1:|1;2;3]', 5), 'keyword.control.conditional.else'));
  assert.ok(has(scopesAt(':"text"', 2), 'comment.block'));
  assert.ok(has(scopesAt('{x}', 1), 'variable.parameter'));
  assert.ok(has(scopesAt('[a b]', 1), 'constant.other.symbol'));
  assert.ok(has(scopesAt(':{[1 2]}', 0), 'punctuation.section.dictionary'));
  assert.ok(has(scopesAt('[;a;b]', 2), 'variable.other'));
  const syntax = new Set(entries.filter(e => e.kind === 'syntax').map(e => e.name));
  for (const s of [':[', ':|', ':"', '{', '[', ':{']) assert.ok(syntax.has(s), `the table has ${s}`);
});

test('multi-line comments and strings carry over lines', () => {
  let state = tm.INITIAL;
  const lines = [':"first', 'second"', 's::"a', 'b""c"', 'x'];
  const last: string[][] = [];
  for (const l of lines) {
    const r = grammar.tokenizeLine(l, state);
    state = r.ruleStack;
    last.push(r.tokens[0].scopes);
  }
  assert.ok(has(last[1], 'comment.block'));
  assert.ok(has(last[3], 'string.quoted.double'));
  assert.ok(!has(last[4], 'string') && !has(last[4], 'comment'));
});
