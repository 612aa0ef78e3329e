import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  commandLine, displayPath, explainPipFailure, installOffer, interpreterLabel, pipInstallArgs, pipProgress, shippedWheel,
} from '../../src/serverInstall';
import { LocatorEnv, locateServer } from '../../src/serverLocator';

const WHEEL = '/ext/dist-wheel/klong-0.1.0-py3-none-any.whl';
const VENVS = new Set(['/p/.venv', '/home/u/proj/.venv', 'C:\\proj\\.venv']);
const isVenv = (dir: string) => VENVS.has(dir);

function env(over: Partial<LocatorEnv> & { files?: string[]; importable?: string[] }): LocatorEnv {
  const files = new Set(over.files ?? []);
  const importable = new Set(over.importable ?? []);
  return {
    serverPath: '', serverArgs: [], pythonPath: '', pathVar: '/usr/bin', platform: 'linux',
    isExecutable: f => files.has(f),
    importProblem: async p => (importable.has(p) ? undefined : "No module named 'klong_lsp'"),
    pythonFromExtension: async () => undefined,
    ...over,
  };
}

test('the shipped wheel: the klong wheel among the folder\'s files, the newest if several', () => {
  assert.equal(shippedWheel(['klong-0.1.0-py3-none-any.whl']), 'klong-0.1.0-py3-none-any.whl');
  assert.equal(shippedWheel(['README', 'klong-0.1.0-py3-none-any.whl', 'numpy-2.0-cp311-cp311-linux_x86_64.whl']),
    'klong-0.1.0-py3-none-any.whl');
  assert.equal(shippedWheel(['klong-0.9.0-py3-none-any.whl', 'klong-0.10.1-py3-none-any.whl', 'klong-0.10.0-py3-none-any.whl']),
    'klong-0.10.1-py3-none-any.whl');
  assert.equal(shippedWheel(['klong-0.2.0.dev1-py3-none-any.whl']), 'klong-0.2.0.dev1-py3-none-any.whl');
  assert.equal(shippedWheel(['klong_kernel-0.1.0-py3-none-any.whl', 'klong-0.1.0.tar.gz']), undefined);
  assert.equal(shippedWheel([]), undefined);
});

test('offered for the Python in klong.pythonPath that lacks klong', async () => {
  const r = await locateServer(env({ pythonPath: '/p/.venv/bin/python', files: ['/p/.venv/bin/python'] }));
  assert.deepEqual(installOffer(r, WHEEL, '/home/u', isVenv), {
    python: '/p/.venv/bin/python', wheel: WHEEL, button: 'Install klong into /p/.venv',
    message: 'The Python in klong.pythonPath (/p/.venv/bin/python) cannot import klong_lsp. Install klong and its ' +
      'language server into /p/.venv/bin/python (with pip, from the klong wheel this extension ships), or choose ' +
      'another Python in the settings.',
  });
});

test('offered for the first Python found when nothing is set; the home folder shows as ~', async () => {
  const r = await locateServer(env({ pathVar: '/home/u/proj/.venv/bin:/usr/bin', files: ['/home/u/proj/.venv/bin/python3', '/usr/bin/python3'] }));
  const offer = installOffer(r, WHEEL, '/home/u', isVenv);
  assert.equal(offer?.python, '/home/u/proj/.venv/bin/python3');
  assert.equal(offer?.button, 'Install klong into ~/proj/.venv');
  assert.match(offer?.message ?? '', /^The Klong language server \(klong-lsp\) was not found\. Install klong and its language server into ~\/proj\/\.venv\/bin\/python3 /);
  const system = await locateServer(env({ files: ['/usr/bin/python3'] }));
  assert.equal(installOffer(system, WHEEL, '/home/u', isVenv)?.button, 'Install klong into /usr/bin/python3');
});

test('the button names a virtual environment by its folder, any other Python by its path', () => {
  assert.equal(interpreterLabel('/home/u/proj/.venv/bin/python', '/home/u', isVenv), '~/proj/.venv');
  assert.equal(interpreterLabel('/home/u/proj/.venv/bin/python3.11', '/home/u', isVenv), '~/proj/.venv');
  assert.equal(interpreterLabel('C:\\proj\\.venv\\Scripts\\python.exe', undefined, isVenv), 'C:\\proj\\.venv');
  assert.equal(interpreterLabel('/opt/homebrew/bin/python3', '/home/u', isVenv), '/opt/homebrew/bin/python3');
  assert.equal(interpreterLabel('/home/u/.pyenv/versions/3.11.7/bin/python3', '/home/u', isVenv), '~/.pyenv/versions/3.11.7/bin/python3');
  assert.equal(interpreterLabel('/home/u/proj/.venv/bin/pip', '/home/u', isVenv), '~/proj/.venv/bin/pip');
});

test('not offered: a server was found, no Python was found, a setting is wrong, or no wheel is shipped', async () => {
  const found = await locateServer(env({ files: ['/usr/bin/python3'], importable: ['/usr/bin/python3'] }));
  assert.equal(installOffer(found, WHEEL, '/home/u', isVenv), undefined);
  const noPython = await locateServer(env({}));
  assert.equal(installOffer(noPython, WHEEL, '/home/u', isVenv), undefined);
  const badServerPath = await locateServer(env({ serverPath: '/nope/klong-lsp', files: ['/usr/bin/python3'] }));
  assert.equal(installOffer(badServerPath, WHEEL, '/home/u', isVenv), undefined);
  const badPythonPath = await locateServer(env({ pythonPath: '/nope/python', files: ['/usr/bin/python3'] }));
  assert.equal(installOffer(badPythonPath, WHEEL, '/home/u', isVenv), undefined);
  const noWheel = await locateServer(env({ files: ['/usr/bin/python3'] }));
  assert.equal(installOffer(noWheel, undefined, '/home/u', isVenv), undefined);
});

test('displayPath shortens the home folder only where the path is inside it', () => {
  assert.equal(displayPath('/home/u/p/bin/python', '/home/u'), '~/p/bin/python');
  assert.equal(displayPath('/home/u/p/bin/python', '/home/u/'), '~/p/bin/python');
  assert.equal(displayPath('/home/user2/bin/python', '/home/u'), '/home/user2/bin/python');
  assert.equal(displayPath('/usr/bin/python3', undefined), '/usr/bin/python3');
});

test('the pip command line installs the wheel with the lsp extra, one argument each', () => {
  assert.deepEqual(pipInstallArgs(WHEEL),
    ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--progress-bar', 'off', `${WHEEL}[lsp]`]);
  const spaced = pipInstallArgs('/My Extensions/klong/dist-wheel/klong-0.1.0-py3-none-any.whl');
  assert.equal(spaced[spaced.length - 1], '/My Extensions/klong/dist-wheel/klong-0.1.0-py3-none-any.whl[lsp]');
  assert.equal(commandLine('/p/bin/python', pipInstallArgs(WHEEL)),
    `/p/bin/python -m pip install --disable-pip-version-check --no-input --progress-bar off "${WHEEL}[lsp]"`);
  assert.equal(commandLine('/a b/python', ['-m', 'pip']), '"/a b/python" -m pip');
});

test('pip\'s progress lines become short messages; the rest say nothing new', () => {
  assert.equal(pipProgress('Processing /ext/dist-wheel/klong-0.1.0-py3-none-any.whl'), 'processing klong-0.1.0-py3-none-any.whl');
  assert.equal(pipProgress('Collecting numpy (from klong==0.1.0)'), 'collecting numpy');
  assert.equal(pipProgress('  Downloading https://files.pythonhosted.org/x/numpy-2.4.6-cp311-cp311-manylinux_2_28_x86_64.whl (16.9 MB)'),
    'downloading numpy-2.4.6-cp311-cp311-manylinux_2_28_x86_64.whl');
  assert.equal(pipProgress('Installing collected packages: typing-extensions, numpy, attrs, klong'),
    'installing typing-extensions, numpy, attrs, klong');
  assert.equal(pipProgress('Successfully installed attrs-26.1.0 klong-0.1.0'), 'installed');
  assert.equal(pipProgress('  Using cached pygls-2.1.1-py3-none-any.whl.metadata (3.4 kB)'), undefined);
  assert.equal(pipProgress(''), undefined);
});

// pip's own output (pip 23.2, Python 3.11, Debian 12), as each failure printed it
const FAILURES: Array<[string, string, RegExp]> = [
  ['no pip', '/tmp/v/bin/python: No module named pip\n', /^This Python has no pip: add it \(python -m ensurepip\), or create a virtual environment \(python3 -m venv \.venv\)/],
  ['externally managed', `error: externally-managed-environment

× This environment is externally managed
╰─> To install Python packages system-wide, try apt install
    python3-xyz, where xyz is the package you are trying to
    install.
note: If you believe this is a mistake, please contact your Python installation or OS distribution provider. You can override this, at the risk of breaking your Python installation or OS, by passing --break-system-packages.
hint: See PEP 668 for the detailed specification.
`, /managed by the system.*PEP 668.*virtual environment/],
  ['old Python', "Processing /ext/dist-wheel/klong-0.1.0-py3-none-any.whl\nERROR: Package 'klong' requires a different Python: 3.10.12 not in '>=3.11'\n",
    /^klong needs Python >=3\.11, and this one is 3\.10\.12\./],
  ['no network', `Processing ./whl/klong-0.1.0-py3-none-any.whl
WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPConnection object at 0x7fb5320b5c90>: Failed to establish a new connection: [Errno 111] Connection refused')': /simple/numpy/
ERROR: Could not find a version that satisfies the requirement numpy (from klong[lsp]) (from versions: none)
ERROR: No matching distribution found for numpy
`, /^pip could not reach the package index to download klong's dependencies \(numpy\)\. Check the network/],
  ['no distribution', `Processing ./whl/klong-0.1.0-py3-none-any.whl
ERROR: Could not find a version that satisfies the requirement numpy (from klong[lsp]) (from versions: none)
ERROR: No matching distribution found for numpy
`, /^pip found no version of numpy \(a dependency of klong\)/],
  ['permission', `Installing collected packages: numpy, klong
ERROR: Could not install packages due to an OSError: [Errno 13] Permission denied: '/usr/lib/python3.11/site-packages/numpy'
Consider using the \`--user\` option or check the permissions.
`, /permission denied.*virtual environment/],
  ['disk full', "ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device\n", /disk is full/],
  ['other error', 'Collecting pygls\nERROR: THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE.\n    pygls from https://x\n',
    /^THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE\.$/],
  ['no ERROR line', 'Traceback (most recent call last):\nKeyboardInterrupt\n', /^pip exited with status 1: KeyboardInterrupt$/],
];

for (const [name, output, want] of FAILURES) {
  test(`pip failure explained: ${name}`, () => {
    assert.match(explainPipFailure(output, 1), want);
  });
}

test('pip failure with no output says the exit status', () => {
  assert.equal(explainPipFailure('', 2), 'pip exited with status 2.');
});
