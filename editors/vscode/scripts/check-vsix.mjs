// Check a built .vsix: it holds the files the extension needs and nothing else (no sources,
// tests or node_modules), one klong wheel that has the language server and its `lsp` extra,
// and it is small. Usage: node scripts/check-vsix.mjs out/klong.vsix
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

/** The entries of a zip file's central directory: name, size, and where and how the data is. */
export function zipEntries(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const out = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory');
    const method = buf.readUInt16LE(at + 10), packed = buf.readUInt32LE(at + 20), size = buf.readUInt32LE(at + 24);
    const nameLen = buf.readUInt16LE(at + 28), extraLen = buf.readUInt16LE(at + 30), commentLen = buf.readUInt16LE(at + 32);
    const offset = buf.readUInt32LE(at + 42);
    out.push({ name: buf.toString('utf8', at + 46, at + 46 + nameLen), size, method, packed, offset });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** The content of a zip entry (stored or deflated). */
export function zipRead(buf, entry) {
  const at = entry.offset;
  if (buf.readUInt32LE(at) !== 0x04034b50) throw new Error(`bad local header: ${entry.name}`);
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const data = buf.subarray(start, start + entry.packed);
  if (entry.method === 0) return data;
  if (entry.method === 8) return inflateRawSync(data);
  throw new Error(`${entry.name}: compression method ${entry.method}`);
}

/** What is wrong with the klong wheel (a zip file's bytes), if anything. */
export function wheelProblems(wheel) {
  const entries = zipEntries(wheel);
  const names = entries.map(e => e.name);
  const problems = [];
  for (const f of ['klong_lsp/__main__.py', 'klong/__init__.py', 'klong/reference/unicode_input.json']) {
    if (!names.includes(f)) problems.push(`the wheel has no ${f}`);
  }
  const metadata = entries.find(e => /^klong-[^/]+\.dist-info\/METADATA$/.test(e.name));
  if (!metadata) return [...problems, 'the wheel has no METADATA'];
  const text = zipRead(wheel, metadata).toString('utf8');
  if (!/^Provides-Extra: lsp$/m.test(text)) problems.push('the wheel has no lsp extra');
  if (!/^Requires-Dist: pygls.*extra == "lsp"$/m.test(text)) problems.push('the wheel\'s lsp extra does not require pygls');
  return problems;
}

const REQUIRED = [
  'extension.vsixmanifest',
  'extension/package.json',
  'extension/out/extension.js',
  'extension/syntaxes/klong.tmLanguage.json',
  'extension/language-configuration.json',
  'extension/snippets/klong.json',
  'extension/readme.md',
];
// the klong wheel the extension installs from (scripts/build-wheel.mjs): exactly one
const WHEEL = /^extension\/dist-wheel\/klong-[^-/]+-py3-none-any\.whl$/;
const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt|language-configuration\.json)$/,
  /^extension\/out\/extension\.js$/,
  /^extension\/syntaxes\/klong\.tmLanguage\.json$/,
  /^extension\/snippets\/klong\.json$/,
  /^extension\/images\/[\w-]+\.png$/,
  WHEEL,
];
const MAX_BYTES = 2 * 1024 * 1024;

/** What is wrong with a .vsix (its bytes): missing files, files it should not hold, the wheel. */
export function vsixProblems(buf) {
  const entries = zipEntries(buf);
  const names = entries.map(e => e.name);
  const problems = [];
  for (const r of REQUIRED) if (!names.includes(r)) problems.push(`missing: ${r}`);
  for (const n of names) if (!ALLOWED.some(re => re.test(n))) problems.push(`not needed: ${n}`);
  const wheels = entries.filter(e => WHEEL.test(e.name));
  if (wheels.length !== 1) problems.push(`${wheels.length} klong wheels (want one in extension/dist-wheel/)`);
  for (const w of wheels) problems.push(...wheelProblems(zipRead(buf, w)).map(p => `${w.name}: ${p}`));
  if (buf.length > MAX_BYTES) problems.push(`too big: ${buf.length} bytes (limit ${MAX_BYTES})`);
  return problems;
}

function main() {
  const file = process.argv[2];
  if (!file) { console.error('usage: node scripts/check-vsix.mjs FILE.vsix'); process.exit(2); }
  const buf = readFileSync(file);
  const entries = zipEntries(buf);
  const problems = vsixProblems(buf);
  for (const e of entries) console.log(`${String(e.size).padStart(9)}  ${e.name}`);
  console.log(`${file}: ${entries.length} files, ${buf.length} bytes`);
  if (problems.length) {
    console.error(problems.map(p => `check-vsix: ${p}`).join('\n'));
    process.exit(1);
  }
  console.log('check-vsix: ok');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
