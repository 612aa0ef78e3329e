import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  evaluateArguments, EvalItem, evaluationLog, LineEdit, lineEdit, lineResults, ResultStore, shorten,
} from '../../src/results';

const at = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
const value = (line: number, v: string, extra: Partial<EvalItem> = {}): EvalItem =>
  ({ range: at(line, 0, line, 5), value: v, error: null, ...extra });

test('a value is shown after the line it ends on, with the full value in the hover', () => {
  const [r] = lineResults([value(2, '6', { kind: 'integer', shape: [] })], 80);
  assert.equal(r.line, 2);
  assert.equal(r.text, '→ 6');
  assert.equal(r.error, false);
  assert.match(r.hover, /```klong\n6\n```/);
  assert.match(r.hover, /integer/);
});

test('an error is shown in its own form and marks the line as an error', () => {
  const [r] = lineResults([{ range: at(0, 0, 0, 5), value: null, error: 'type error: bad arg' }], 80);
  assert.equal(r.text, '✗ type error: bad arg');
  assert.equal(r.error, true);
  assert.match(r.hover, /\*\*type error: bad arg\*\*/);
});

test('statements on one line are joined; a multi-line statement shows on its last line', () => {
  const rs = lineResults([
    value(0, '1'), value(0, '2'),
    { range: at(1, 0, 3, 1), value: ':monad', error: null, kind: 'function' },
  ], 80);
  assert.deepEqual(rs.map(r => [r.line, r.text]), [[0, '→ 1  ·  2'], [3, '→ :monad']]);
});

test('the short form is shown and the full value is in the hover', () => {
  const [r] = lineResults([value(0, '[[2.000000000002 0.0] [0.0 4.000000000115023]]', { short: '[[2.0 0.0] [0.0 4.0]]' })], 80);
  assert.equal(r.text, '→ [[2.0 0.0] [0.0 4.0]]');
  assert.match(r.hover, /4\.000000000115023/);
});

test('function definitions show only when asked for (a line evaluated on purpose)', () => {
  const fn = value(0, ':monad', { kind: 'function' });
  assert.deepEqual(lineResults([fn], 80, false), []);
  assert.equal(lineResults([fn], 80, true)[0].text, '→ :monad');
});

test('a statement whose range ends at column 0 belongs to the line before', () => {
  const [r] = lineResults([{ range: at(4, 0, 5, 0), value: '7', error: null }], 80);
  assert.equal(r.line, 4);
});

test('long values are shortened to the setting, newlines shown as ⏎; shape in the hover', () => {
  const long = '[' + Array.from({ length: 100 }, (_, i) => i).join(' ') + ']';
  const [r] = lineResults([value(0, long, { shape: [100], kind: 'array' })], 30);
  assert.equal(r.text.length, 30);
  assert.ok(r.text.endsWith('…'));
  assert.match(r.hover, /shape 100/);
  assert.equal(shorten('a\nb', 10), 'a⏎b');
});

test('printed output goes to the hover; statements without value or output are skipped', () => {
  const rs = lineResults([
    value(0, '42', { output: 'hello\n' }),
    { range: at(1, 0, 1, 3), value: null, error: null },
  ], 80);
  assert.equal(rs.length, 1);
  assert.match(rs[0].hover, /printed:\n\n```text\nhello\n```/);
});

test('code fences in values do not break the hover', () => {
  const [r] = lineResults([value(0, '"```"')], 80);
  assert.match(r.hover, /````klong\n"```"\n````/);
});

function store(lines: number[]): ResultStore {
  const s = new ResultStore();
  s.set('u', lines.map(line => ({ line, text: `→ ${line}`, hover: '', error: false })), true);
  return s;
}
const edit = (e: Partial<LineEdit>): LineEdit => ({ startLine: 0, startCharacter: 0, endLine: 0, newText: '', atLineEnd: false, ...e });

test('typing on a line drops its result and keeps the others', () => {
  const s = store([0, 1, 2]);
  assert.equal(s.applyEdits('u', [edit({ startLine: 1, startCharacter: 3, endLine: 1, newText: 'x' })]), true);
  assert.deepEqual(s.get('u').map(r => r.line), [0, 2]);
});

test('lines inserted or deleted above move the results below', () => {
  const s = store([0, 3, 5]);
  s.applyEdits('u', [edit({ startLine: 1, startCharacter: 2, endLine: 1, newText: 'a\nb\n' })]);
  assert.deepEqual(s.get('u').map(r => [r.line, r.text]), [[0, '→ 0'], [5, '→ 3'], [7, '→ 5']]);
  s.applyEdits('u', [edit({ startLine: 1, startCharacter: 0, endLine: 3, newText: '' })]);
  assert.deepEqual(s.get('u').map(r => r.line), [0, 3, 5]);
});

test('Enter at the end of a line, or new lines typed at its start, keep its result', () => {
  const s = store([2, 4]);
  s.applyEdits('u', [edit({ startLine: 2, startCharacter: 9, endLine: 2, newText: '\n', atLineEnd: true })]);
  assert.deepEqual(s.get('u').map(r => r.line), [2, 5]);
  s.applyEdits('u', [edit({ startLine: 2, startCharacter: 0, endLine: 2, newText: 'a::1\n' })]);
  assert.deepEqual(s.get('u').map(r => r.line), [3, 6]);
});

test('evaluating a file replaces the results; a line adds to them; clear removes them', () => {
  const s = store([0, 1]);
  s.set('u', [{ line: 4, text: 'x', hover: '', error: false }], false);
  assert.deepEqual(s.get('u').map(r => r.line), [0, 1, 4]);
  s.set('u', [{ line: 2, text: 'y', hover: '', error: false }], true);
  assert.deepEqual(s.get('u').map(r => r.line), [2]);
  s.clear('u');
  assert.deepEqual(s.get('u'), []);
  assert.equal(s.applyEdits('u', [edit({})]), false);
});

test('a change of the editor becomes a LineEdit; Enter at a line\'s end is told apart', () => {
  // the document after the change, line by line
  const doc = (...lines: string[]) => [(n: number) => lines[n], lines.length] as const;
  // typing on a line: a replacement, never at the line's end
  assert.deepEqual(lineEdit({ range: at(1, 3, 1, 4), text: 'x' }, ...doc('a', 'b::x2', 'c')),
    { startLine: 1, startCharacter: 3, endLine: 1, newText: 'x', atLineEnd: false });
  // Enter at the end of line 0, auto-indented: the new line holds only blanks
  assert.deepEqual(lineEdit({ range: at(0, 4, 0, 4), text: '\n  ' }, ...doc('a::1', '  ', 'c')),
    { startLine: 0, startCharacter: 4, endLine: 0, newText: '\n  ', atLineEnd: true });
  // Enter in the middle of line 0: the rest of the old line follows on the new one
  assert.equal(lineEdit({ range: at(0, 2, 0, 2), text: '\r\n' }, ...doc('a:', ':1')).atLineEnd, false);
  // a selection replaced by lines is not an insertion
  assert.equal(lineEdit({ range: at(0, 0, 0, 4), text: 'x\n' }, ...doc('x', '')).atLineEnd, false);
  // an insertion past the document's last line (the document got shorter meanwhile) looks at the last line
  assert.equal(lineEdit({ range: at(2, 1, 2, 1), text: 'p\nq\nr' }, ...doc('a', 'b', 'cp', 'qr')).atLineEnd, false);
  assert.equal(lineEdit({ range: at(2, 1, 2, 1), text: 'p\nq\nr' }, ...doc('a', 'b', 'cp', 'r ')).atLineEnd, true);
});

test('klong.evaluate gets the document, and the range when a part is evaluated', () => {
  assert.deepEqual(evaluateArguments('file:///a.kg'), ['file:///a.kg']);
  const range = { start: { line: 1, character: 2, extra: 1 }, end: { line: 3, character: 0 } };
  assert.deepEqual(evaluateArguments('file:///a.kg', range),
    ['file:///a.kg', { start: { line: 1, character: 2 }, end: { line: 3, character: 0 } }]);
});

test('the output channel gets each value or error, and printed output, by file and line', () => {
  const items: EvalItem[] = [
    value(0, '6'),
    { range: at(2, 0, 2, 3), value: null, error: 'type error' },
    { range: at(4, 0, 4, 9), value: '1', error: null, output: 'hello\nworld\n' },
    { range: at(5, 0, 5, 9), value: null, error: null },
  ];
  assert.deepEqual(evaluationLog('demo.kg', items),
    ['demo.kg:1: 6', 'demo.kg:3: type error', 'demo.kg:5: 1', 'demo.kg:5: printed\nhello\nworld']);
  assert.deepEqual(evaluationLog('demo.kg', []), []);
});
