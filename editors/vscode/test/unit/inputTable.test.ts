import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { howToType, replPrefix, sequenceBefore, sequences, symbolEntries } from '../../src/inputTable';
import { readJson, REFERENCE } from './helpers';

test('the bundled table is klong/reference/unicode_input.json', () => {
  const ref = readJson(path.join(REFERENCE, 'unicode_input.json'));
  assert.deepEqual(sequences, ref.sequences);
  assert.equal(replPrefix, ref.prefix);
});

test('a whole sequence before the cursor expands; a partial one does not', () => {
  assert.deepEqual(sequenceBefore('y::\\nabla'), { char: '∇', length: 6 });
  assert.deepEqual(sequenceBefore('[1 2]\\partial'), { char: '∂', length: 8 });
  assert.equal(sequenceBefore('y::\\nab'), undefined);
  assert.equal(sequenceBefore('nabla'), undefined);
  assert.equal(sequenceBefore('\\nabla '), undefined);
});

test('every sequence of the table expands to its char', () => {
  for (const s of sequences) assert.equal(sequenceBefore('x' + s.sequence)?.char, s.char, s.sequence);
});

test('Insert Symbol lists each glyph once with its name and every way to type it', () => {
  const entries = symbolEntries();
  assert.equal(new Set(entries.map(e => e.char)).size, entries.length);
  const nabla = entries.find(e => e.char === '∇');
  assert.ok(nabla);
  assert.ok(nabla.sequences.includes('\\nabla') && nabla.sequences.includes('\\grad'));
  const how = howToType(nabla);
  assert.match(how, /\\nabla or \\grad, then Tab/);
  assert.ok(nabla.key === undefined || how.includes(replPrefix + nabla.key));
  const chars = new Set(sequences.map(s => s.char));
  assert.deepEqual(new Set(entries.map(e => e.char)), chars);
});
