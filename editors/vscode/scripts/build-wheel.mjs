// Build the klong wheel the .vsix ships (dist-wheel/klong-<version>-py3-none-any.whl): the
// extension offers to pip-install it, with the `lsp` extra, into a Python that lacks klong
// (src/bootstrap.ts). vsce runs this before packaging (vscode:prepublish).
//   node scripts/build-wheel.mjs
// The wheel is built by `python -m pip wheel --no-deps` from a copy of the repository's
// pyproject.toml, README, licence and packages in a temporary folder, so that a build/ or
// *.egg-info folder left in the checkout cannot put stale files into it. The Python is
// $KLONG_PYTHON, else python3 (python on Windows); it needs pip (and reaches PyPI, or pip's
// cache, for setuptools, as any `pip wheel` does).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(here, '..', '..');
export const WHEEL_FOLDER = 'dist-wheel';

/** The top-level packages pyproject.toml's [tool.setuptools.packages.find] include names. */
export function packageDirs(pyproject, names) {
  const m = /\[tool\.setuptools\.packages\.find\][^[]*?include\s*=\s*\[([^\]]*)\]/.exec(pyproject);
  if (!m) throw new Error('pyproject.toml: no [tool.setuptools.packages.find] include');
  const globs = [...m[1].matchAll(/"([^"]+)"/g)].map(g => new RegExp('^' + g[1].replace(/\./g, '\\.').replace(/\*/g, '.*') + '$'));
  return names.filter(n => globs.some(g => g.test(n)));
}

function main() {
  const t0 = Date.now();
  const python = process.env.KLONG_PYTHON || (process.platform === 'win32' ? 'python' : 'python3');
  const pyproject = readFileSync(join(repo, 'pyproject.toml'), 'utf8');
  const packages = packageDirs(pyproject, readdirSync(repo))
    .filter(n => existsSync(join(repo, n, '__init__.py')));
  if (!packages.includes('klong_lsp')) throw new Error(`no klong_lsp package in ${repo}`);
  const src = mkdtempSync(join(tmpdir(), 'klong-wheel-'));
  const out = join(here, WHEEL_FOLDER);
  try {
    for (const f of ['pyproject.toml', 'README.md', 'LICENSE']) cpSync(join(repo, f), join(src, f));
    for (const p of packages) {
      cpSync(join(repo, p), join(src, p), { recursive: true, filter: f => !/__pycache__|\.py[co]$/.test(basename(f)) });
    }
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    try {
      execFileSync(python, ['-m', 'pip', 'wheel', '--no-deps', '--disable-pip-version-check', '--quiet', '-w', out, src],
        { stdio: ['ignore', 'inherit', 'inherit'] });
    } catch (e) {
      throw new Error(`${python} -m pip wheel failed (${e.message.split('\n')[0]}); set KLONG_PYTHON to a Python with pip`);
    }
  } finally {
    rmSync(src, { recursive: true, force: true });
  }
  const wheels = readdirSync(out).filter(f => f.endsWith('.whl'));
  if (wheels.length !== 1 || !/^klong-[^-]+-py3-none-any\.whl$/.test(wheels[0])) {
    throw new Error(`expected one klong wheel in ${out}, found: ${wheels.join(', ') || 'none'}`);
  }
  const size = Math.round(statSync(join(out, wheels[0])).size / 1024);
  console.log(`build-wheel: ${WHEEL_FOLDER}/${wheels[0]} (${size} KiB, ${((Date.now() - t0) / 1000).toFixed(1)}s, ${python})`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    console.error(`build-wheel: ${e.message}`);
    process.exit(1);
  }
}
