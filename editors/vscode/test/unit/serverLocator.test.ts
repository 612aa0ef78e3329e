import assert from 'node:assert/strict';
import { test } from 'node:test';
import { installCommand, LocatorEnv, locateServer, which } from '../../src/serverLocator';

function env(over: Partial<LocatorEnv> & { files?: string[]; importable?: string[]; extPython?: string }): LocatorEnv {
  const files = new Set(over.files ?? []);
  const importable = new Set(over.importable ?? []);
  return {
    serverPath: '', serverArgs: [], pythonPath: '', pathVar: '/venv/bin:/usr/bin', platform: 'linux',
    isExecutable: f => files.has(f),
    importProblem: async p => (importable.has(p) ? undefined : "No module named 'klong_lsp'"),
    pythonFromExtension: async () => over.extPython,
    ...over,
  };
}

test('klong.server.path wins, with the extra arguments', async () => {
  const r = await locateServer(env({ serverPath: '/opt/klong-lsp', serverArgs: ['-v'], files: ['/opt/klong-lsp', '/usr/bin/klong-lsp'] }));
  assert.ok(r.ok);
  assert.deepEqual([r.server.command, r.server.args], ['/opt/klong-lsp', ['-v']]);
});

test('a klong.server.path that is not there is an error that says how to fix it', async () => {
  const r = await locateServer(env({ serverPath: '/nope/klong-lsp', files: ['/usr/bin/klong-lsp'] }));
  assert.ok(!r.ok);
  assert.match(r.message, /klong\.server\.path/);
  assert.match(r.fix, /which klong-lsp/);
});

test('klong.pythonPath runs python -m klong_lsp; one that lacks klong says to pip install', async () => {
  const ok = await locateServer(env({ pythonPath: '/venv/bin/python', files: ['/venv/bin/python', '/usr/bin/klong-lsp'], importable: ['/venv/bin/python'] }));
  assert.ok(ok.ok);
  assert.deepEqual([ok.server.command, ok.server.args], ['/venv/bin/python', ['-m', 'klong_lsp']]);
  const bad = await locateServer(env({ pythonPath: '/venv/bin/python', files: ['/venv/bin/python'] }));
  assert.ok(!bad.ok);
  assert.match(bad.fix, /"\/venv\/bin\/python" -m pip install "klong\[lsp\]"/);
  assert.equal(bad.python, '/venv/bin/python');
});

test('then klong-lsp on PATH', async () => {
  const r = await locateServer(env({ files: ['/usr/bin/klong-lsp', '/usr/bin/python3'], importable: ['/usr/bin/python3'] }));
  assert.ok(r.ok);
  assert.equal(r.server.command, '/usr/bin/klong-lsp');
  assert.deepEqual(r.server.args, []);
});

test('then the Python extension\'s interpreter, then python3 on PATH', async () => {
  const ext = await locateServer(env({ extPython: '/home/u/.venv/bin/python', files: ['/usr/bin/python3'], importable: ['/home/u/.venv/bin/python', '/usr/bin/python3'] }));
  assert.ok(ext.ok);
  assert.equal(ext.server.command, '/home/u/.venv/bin/python');
  assert.match(ext.server.description, /Python extension/);
  const sys = await locateServer(env({ extPython: '/home/u/.venv/bin/python', files: ['/usr/bin/python3'], importable: ['/usr/bin/python3'] }));
  assert.ok(sys.ok);
  assert.deepEqual([sys.server.command, sys.server.args], ['/usr/bin/python3', ['-m', 'klong_lsp']]);
  assert.ok(sys.tried.some(t => t.includes('/home/u/.venv/bin/python') && t.includes('klong_lsp')));
});

test('nothing found: a clear message and a fix naming the Python to install into', async () => {
  const r = await locateServer(env({ files: ['/usr/bin/python3'] }));
  assert.ok(!r.ok);
  assert.match(r.message, /klong-lsp\) was not found/);
  assert.match(r.fix, /"\/usr\/bin\/python3" -m pip install "klong\[lsp\]"/);
  assert.match(r.fix, /klong\.server\.path/);
  assert.equal(r.python, '/usr/bin/python3');
  const none = await locateServer(env({}));
  assert.ok(!none.ok);
  assert.match(none.fix, /Install Python/);
  assert.equal(none.python, undefined);
});

test('which() searches PATH in order, with Windows extensions', () => {
  const files = new Set(['/b/klong-lsp', '/c/klong-lsp', 'C:\\py\\Scripts\\klong-lsp.exe']);
  assert.equal(which('klong-lsp', '/a:/b:/c', 'linux', f => files.has(f)), '/b/klong-lsp');
  assert.equal(which('klong-lsp', '/a', 'linux', f => files.has(f)), undefined);
  const win = which('klong-lsp', 'C:\\py\\Scripts;C:\\x', 'win32', f => files.has(f.replace(/\//g, '\\')));
  assert.ok(win?.endsWith('klong-lsp.exe'));
});

test('the install command a fix names is what "Copy Install Command" copies', async () => {
  const r = await locateServer(env({ files: ['/usr/bin/python3'] }));
  assert.ok(!r.ok);
  assert.equal(installCommand(r.fix), '"/usr/bin/python3" -m pip install "klong[lsp]"');
  const bad = await locateServer(env({ serverPath: '/nope/klong-lsp' }));
  assert.ok(!bad.ok);
  assert.equal(installCommand(bad.fix), undefined);  // `which klong-lsp` is no install command
  assert.equal(installCommand('Install Python 3.10 or newer.'), undefined);
});
