// Which command starts the language server. No 'vscode' import: the environment is passed in,
// so that unit tests can try every case.
//
// Order: the setting klong.server.path; then python -m klong_lsp with the setting
// klong.pythonPath (an explicit choice beats discovery); then `klong-lsp` on PATH; then
// python -m klong_lsp with the Python extension's interpreter, else python3/python on PATH.
import * as path from 'node:path';

export interface ServerCommand {
  command: string;
  args: string[];
  /** for the output channel and the status bar tooltip */
  description: string;
}

export interface LocatorEnv {
  serverPath: string;
  serverArgs: string[];
  pythonPath: string;
  /** the PATH to search (process.env.PATH) */
  pathVar: string;
  platform: NodeJS.Platform;
  isExecutable(file: string): boolean;
  /** undefined if `python -c "import klong_lsp"` works, else why not */
  importProblem(python: string): Promise<string | undefined>;
  /** the Python extension's interpreter for this workspace, if that extension is there */
  pythonFromExtension(): Promise<string | undefined>;
}

export type Located =
  | { ok: true; server: ServerCommand; tried: string[] }
  | Missing;

/** No server: why, how to fix it, and the interpreter to install klong into, if one was found. */
export interface Missing {
  ok: false;
  message: string;
  fix: string;
  tried: string[];
  /** the Python the fix names (klong.pythonPath, else the first one found) */
  python?: string;
}

export const PIP_INSTALL = 'pip install "klong[lsp]"';

/** The install command a fix names in backquotes (for the Python that was found), if any. */
export function installCommand(fix: string): string | undefined {
  return /`([^`]*pip install[^`]*)`/.exec(fix)?.[1];
}

function expandHome(p: string): string {
  const home = process.env.HOME ?? process.env.USERPROFILE;
  return home && (p === '~' || p.startsWith('~/')) ? path.join(home, p.slice(1)) : p;
}

/** The first executable called `name` on `pathVar` (with Windows' extensions there). */
export function which(name: string, pathVar: string, platform: NodeJS.Platform,
  isExecutable: (file: string) => boolean): string | undefined {
  const sep = platform === 'win32' ? ';' : ':';
  const exts = platform === 'win32' ? ['.exe', '.cmd', '.bat', ''] : [''];
  for (const dir of pathVar.split(sep)) {
    if (!dir) continue;
    for (const ext of exts) {
      const file = path.join(dir, name + ext);
      if (isExecutable(file)) return file;
    }
  }
  return undefined;
}

function resolveCommand(cmd: string, env: LocatorEnv): string | undefined {
  const expanded = expandHome(cmd);
  if (expanded.includes('/') || expanded.includes('\\')) {
    return env.isExecutable(expanded) ? expanded : undefined;
  }
  return which(expanded, env.pathVar, env.platform, env.isExecutable);
}

function pythonModule(python: string, extra: string[], why: string): ServerCommand {
  return { command: python, args: ['-m', 'klong_lsp', ...extra], description: `${python} -m klong_lsp (${why})` };
}

export async function locateServer(env: LocatorEnv): Promise<Located> {
  const tried: string[] = [];
  const extra = env.serverArgs;

  if (env.serverPath.trim()) {
    const file = resolveCommand(env.serverPath.trim(), env);
    if (file) return { ok: true, server: { command: file, args: extra, description: `${file} (klong.server.path)` }, tried };
    tried.push(`klong.server.path: ${env.serverPath} is not an executable file`);
    return {
      ok: false, tried,
      message: `The setting klong.server.path points to "${env.serverPath}", which is not an executable file.`,
      fix: `Set klong.server.path to the klong-lsp executable (for example the output of \`which klong-lsp\`), or clear it to let the extension find the server.`,
    };
  }

  if (env.pythonPath.trim()) {
    const python = resolveCommand(env.pythonPath.trim(), env);
    if (!python) {
      tried.push(`klong.pythonPath: ${env.pythonPath} is not an executable file`);
      return {
        ok: false, tried,
        message: `The setting klong.pythonPath points to "${env.pythonPath}", which is not an executable file.`,
        fix: `Set klong.pythonPath to a Python interpreter that has klong installed, or clear it.`,
      };
    }
    const problem = await env.importProblem(python);
    if (problem === undefined) return { ok: true, server: pythonModule(python, extra, 'klong.pythonPath'), tried };
    tried.push(`klong.pythonPath: ${python} cannot import klong_lsp: ${problem}`);
    return {
      ok: false, tried, python,
      message: `The Python in klong.pythonPath (${python}) cannot import klong_lsp.`,
      fix: `Run \`"${python}" -m ${PIP_INSTALL}\`, or point klong.pythonPath at a Python that has it.`,
    };
  }

  const onPath = which('klong-lsp', env.pathVar, env.platform, env.isExecutable);
  if (onPath) return { ok: true, server: { command: onPath, args: extra, description: `${onPath} (on PATH)` }, tried };
  tried.push('klong-lsp: not on PATH');

  const candidates: Array<[string, string]> = [];
  const fromExtension = await env.pythonFromExtension().catch(() => undefined);
  if (fromExtension) candidates.push([fromExtension, 'the Python extension\'s interpreter']);
  else tried.push('the Python extension: not installed or no interpreter selected');
  for (const name of env.platform === 'win32' ? ['python', 'py'] : ['python3', 'python']) {
    const found = which(name, env.pathVar, env.platform, env.isExecutable);
    if (found) candidates.push([found, `${name} on PATH`]);
  }
  const seen = new Set<string>();
  for (const [python, why] of candidates) {
    if (seen.has(python)) continue;
    seen.add(python);
    const problem = await env.importProblem(python);
    if (problem === undefined) return { ok: true, server: pythonModule(python, extra, why), tried };
    tried.push(`${python} (${why}): cannot import klong_lsp: ${problem}`);
  }
  const first = candidates[0]?.[0];
  return {
    ok: false, tried, python: first,
    message: 'The Klong language server (klong-lsp) was not found.',
    fix: first
      ? `Install it with \`"${first}" -m ${PIP_INSTALL}\`, or set klong.server.path (the klong-lsp executable) or klong.pythonPath (a Python that has klong).`
      : `Install Python 3.11 or newer and run \`${PIP_INSTALL}\`, or set klong.server.path to the klong-lsp executable.`,
  };
}
