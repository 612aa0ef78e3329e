// Check a built .vsix: it holds the files the extension needs and nothing else (no sources,
// tests or node_modules), and it is small. Usage: node scripts/check-vsix.mjs out/klong.vsix
import { readFileSync } from 'node:fs';

/** The names in a zip file's central directory. */
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
    const size = buf.readUInt32LE(at + 24);
    const nameLen = buf.readUInt16LE(at + 28), extraLen = buf.readUInt16LE(at + 30), commentLen = buf.readUInt16LE(at + 32);
    out.push({ name: buf.toString('utf8', at + 46, at + 46 + nameLen), size });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
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
const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt|language-configuration\.json)$/,
  /^extension\/out\/extension\.js$/,
  /^extension\/syntaxes\/klong\.tmLanguage\.json$/,
  /^extension\/snippets\/klong\.json$/,
  /^extension\/images\/[\w-]+\.png$/,
];
const MAX_BYTES = 2 * 1024 * 1024;

const file = process.argv[2];
if (!file) { console.error('usage: node scripts/check-vsix.mjs FILE.vsix'); process.exit(2); }
const buf = readFileSync(file);
const entries = zipEntries(buf);
const names = entries.map(e => e.name);
const problems = [];
for (const r of REQUIRED) if (!names.includes(r)) problems.push(`missing: ${r}`);
for (const n of names) if (!ALLOWED.some(re => re.test(n))) problems.push(`not needed: ${n}`);
if (buf.length > MAX_BYTES) problems.push(`too big: ${buf.length} bytes (limit ${MAX_BYTES})`);
for (const e of entries) console.log(`${String(e.size).padStart(9)}  ${e.name}`);
console.log(`${file}: ${entries.length} files, ${buf.length} bytes`);
if (problems.length) {
  console.error(problems.map(p => `check-vsix: ${p}`).join('\n'));
  process.exit(1);
}
console.log('check-vsix: ok');
