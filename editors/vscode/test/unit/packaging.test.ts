// The .vsix ships the klong wheel: the build script puts it where the extension looks for it,
// the packaging rules keep it, and check-vsix.mjs requires exactly one good wheel.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { WHEEL_FOLDER } from '../../src/serverInstall';
import { EXT, readJson, REPO } from './helpers';

// the scripts are ES modules run by node; a variable path keeps esbuild from bundling them
const script = (name: string): Promise<any> => import(pathToFileURL(path.join(EXT, 'scripts', name)).href);

/** A zip file (the parts check-vsix.mjs reads; no CRCs), each entry deflated or stored. */
function zip(files: Record<string, string | Buffer>, deflate = true): Buffer {
  const locals: Buffer[] = [], central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const raw = Buffer.from(content);
    const data = deflate ? deflateRawSync(raw) : raw;
    const nameBuf = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(deflate ? 8 : 0, 10);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(raw.length, 24);
    dir.writeUInt16LE(nameBuf.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    central.push(dir, nameBuf);
    offset += local.length + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const METADATA = 'Metadata-Version: 2.4\nName: klong\nVersion: 0.1.0\nRequires-Dist: numpy\nProvides-Extra: lsp\n' +
  'Requires-Dist: pygls<3,>=2.0; extra == "lsp"\nRequires-Dist: lsprotocol>=2025.0.0; extra == "lsp"\n';
const goodWheel = () => zip({
  'klong/__init__.py': '', 'klong/reference/unicode_input.json': '{}', 'klong_lsp/__main__.py': 'main()',
  'klong-0.1.0.dist-info/METADATA': METADATA,
});
const vsix = (extra: Record<string, Buffer>) => zip({
  'extension.vsixmanifest': '<x/>', '[Content_Types].xml': '<x/>', 'extension/package.json': '{}',
  'extension/out/extension.js': '', 'extension/syntaxes/klong.tmLanguage.json': '{}',
  'extension/language-configuration.json': '{}', 'extension/snippets/klong.json': '{}', 'extension/readme.md': '#',
  ...extra,
}, false);

test('check-vsix: a .vsix with one good klong wheel passes', async () => {
  const { vsixProblems } = await script('check-vsix.mjs');
  assert.deepEqual(vsixProblems(vsix({ 'extension/dist-wheel/klong-0.1.0-py3-none-any.whl': goodWheel() })), []);
});

test('check-vsix: no wheel, two wheels, a wheel without the server or the lsp extra, a stray file', async () => {
  const { vsixProblems, wheelProblems } = await script('check-vsix.mjs');
  assert.deepEqual(vsixProblems(vsix({})), ['0 klong wheels (want one in extension/dist-wheel/)']);
  assert.deepEqual(vsixProblems(vsix({
    'extension/dist-wheel/klong-0.1.0-py3-none-any.whl': goodWheel(),
    'extension/dist-wheel/klong-0.0.9-py3-none-any.whl': goodWheel(),
  })), ['2 klong wheels (want one in extension/dist-wheel/)']);
  assert.deepEqual(vsixProblems(vsix({
    'extension/dist-wheel/klong-0.1.0-py3-none-any.whl': goodWheel(),
    'extension/dist-wheel/numpy-2.0-cp311-cp311-linux_x86_64.whl': goodWheel(),
  })), ['not needed: extension/dist-wheel/numpy-2.0-cp311-cp311-linux_x86_64.whl']);
  const noServer = zip({ 'klong/__init__.py': '', 'klong/reference/unicode_input.json': '{}', 'klong-0.1.0.dist-info/METADATA': METADATA }, false);
  assert.deepEqual(wheelProblems(noServer), ['the wheel has no klong_lsp/__main__.py']);
  const noExtra = zip({
    'klong/__init__.py': '', 'klong/reference/unicode_input.json': '{}', 'klong_lsp/__main__.py': '',
    'klong-0.1.0.dist-info/METADATA': 'Name: klong\nRequires-Dist: numpy\n',
  });
  assert.deepEqual(wheelProblems(noExtra), ['the wheel has no lsp extra', 'the wheel\'s lsp extra does not require pygls']);
});

test('build-wheel copies the packages pyproject.toml names, into the folder the extension reads', async () => {
  const { packageDirs, WHEEL_FOLDER: built } = await script('build-wheel.mjs');
  assert.equal(built, WHEEL_FOLDER);
  const pyproject = readFileSync(path.join(REPO, 'pyproject.toml'), 'utf8');
  assert.deepEqual(packageDirs(pyproject, ['klong', 'klong_lsp', 'klong_kernel', 'klong.egg-info', 'tests', 'editors']),
    ['klong', 'klong_lsp', 'klong_kernel', 'klong.egg-info']);   // build-wheel then keeps those with __init__.py
  assert.throws(() => packageDirs('[project]\nname = "x"\n', ['klong']), /no \[tool\.setuptools\.packages\.find\] include/);
});

test('packaging builds the wheel and keeps it in the .vsix, and git ignores it', () => {
  const pkg = readJson(path.join(EXT, 'package.json'));
  assert.match(pkg.scripts['vscode:prepublish'], /node scripts\/build-wheel\.mjs/);
  const ignore = readFileSync(path.join(EXT, '.vscodeignore'), 'utf8').split('\n').map(l => l.trim())
    .filter(l => l && !l.startsWith('#'));
  assert.ok(!ignore.some(l => l.startsWith(WHEEL_FOLDER) || l === '**/*.whl'), ignore.join(' '));
  const gitignore = readFileSync(path.join(EXT, '.gitignore'), 'utf8').split('\n');
  assert.ok(gitignore.includes(`${WHEEL_FOLDER}/`));
});
