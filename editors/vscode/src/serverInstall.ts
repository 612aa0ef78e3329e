// Installing klong into a Python that lacks it, from the klong wheel the .vsix ships (built by
// scripts/build-wheel.mjs into WHEEL_FOLDER): whether to offer it, pip's command line, what
// pip's output says while it runs, and why it failed. No 'vscode' import: unit tests run in
// plain Node; bootstrap.ts runs it.
import * as path from 'node:path';
import type { Located } from './serverLocator';

/** The extension's folder that holds the klong wheel. */
export const WHEEL_FOLDER = 'dist-wheel';

const WHEEL = /^klong-(\d+(?:\.\d+)*)(?:[^-]*)-py3-none-any\.whl$/;

/** The klong wheel among a folder's file names (the newest version if there are several). */
export function shippedWheel(names: readonly string[]): string | undefined {
  const version = (name: string) => (WHEEL.exec(name)?.[1] ?? '').split('.').map(Number);
  const newer = (a: number[], b: number[]) => {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
    }
    return false;
  };
  let best: string | undefined;
  for (const name of names) {
    if (WHEEL.test(name) && (best === undefined || newer(version(name), version(best)))) best = name;
  }
  return best;
}

/** A path as people read it: the home folder as `~`. */
export function displayPath(file: string, home: string | undefined): string {
  if (!home) return file;
  const h = home.endsWith(path.sep) ? home.slice(0, -1) : home;
  return file.startsWith(h + path.sep) ? '~' + file.slice(h.length) : file;
}

/** The interpreter as a button names it: a virtual environment's folder (`~/proj/.venv` for
 *  `~/proj/.venv/bin/python`, where `isVenv` finds its pyvenv.cfg), else the interpreter. */
export function interpreterLabel(python: string, home: string | undefined, isVenv: (dir: string) => boolean): string {
  const env = /^(.+)[\\/](?:bin|Scripts)[\\/]python[\d.]*(?:\.exe)?$/i.exec(python)?.[1];
  return displayPath(env !== undefined && isVenv(env) ? env : python, home);
}

export interface InstallOffer {
  /** the interpreter to install into */
  python: string;
  /** the wheel's absolute path */
  wheel: string;
  /** the notification's text */
  message: string;
  /** the notification's button: "Install klong into <environment>" */
  button: string;
}

/** Offer to install when no server was found but a Python was (the one the fix names), and
 *  the extension ships a wheel. Not when klong.server.path or klong.pythonPath is not an
 *  executable: that setting is what needs fixing. */
export function installOffer(located: Located, wheel: string | undefined, home: string | undefined,
  isVenv: (dir: string) => boolean): InstallOffer | undefined {
  if (located.ok || !located.python || !wheel) return undefined;
  const python = located.python;
  return {
    python, wheel,
    message: `${located.message} Install klong and its language server into ${displayPath(python, home)} ` +
      '(with pip, from the klong wheel this extension ships), or choose another Python in the settings.',
    button: `Install klong into ${interpreterLabel(python, home, isVenv)}`,
  };
}

/** `python -m pip install <wheel>[lsp]`: klong with the language server's dependencies. */
export function pipInstallArgs(wheel: string): string[] {
  return ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--progress-bar', 'off', `${wheel}[lsp]`];
}

/** A command line for the log, with the arguments that need it in double quotes. */
export function commandLine(command: string, args: readonly string[]): string {
  return [command, ...args].map(a => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}

/** What a line of pip's output says it is doing, for the progress notification (undefined
 *  for the lines that say nothing new). */
export function pipProgress(line: string): string | undefined {
  const text = line.trim();
  let m: RegExpExecArray | null;
  if ((m = /^Collecting (\S+)/.exec(text))) return `collecting ${m[1]}`;
  if ((m = /^(Processing|Downloading) (\S+)/.exec(text))) return `${m[1].toLowerCase()} ${path.basename(m[2])}`;
  if ((m = /^Installing collected packages: (.*)$/.exec(text))) return `installing ${m[1]}`;
  if (/^Successfully installed /.test(text)) return 'installed';
  return undefined;
}

/** Why `python -m pip install` failed, in a sentence that says what to do, from its output. */
export function explainPipFailure(output: string, exitCode: number | null): string {
  let m: RegExpExecArray | null;
  if (/No module named pip\b/.test(output)) {
    return 'This Python has no pip: add it (python -m ensurepip), or create a virtual environment ' +
      '(python3 -m venv .venv) and select it (klong.pythonPath or the Python extension); then install again.';
  }
  if (/externally-managed-environment/.test(output)) {
    return 'This Python is managed by the system, and pip refuses to install into it (PEP 668). ' +
      'Create a virtual environment (python3 -m venv .venv), select it (klong.pythonPath or the ' +
      'Python extension) and install again.';
  }
  if ((m = /requires a different Python: (\S+) not in '([^']*)'/.exec(output))) {
    return `klong needs Python ${m[2]}, and this one is ${m[1]}. Select a newer Python (klong.pythonPath or the Python extension).`;
  }
  if (/Failed to establish a new connection|NewConnectionError|Temporary failure in name resolution|Name or service not known|ConnectTimeoutError|ProxyError|SSLError|CERTIFICATE_VERIFY_FAILED/.test(output)) {
    const dep = /No matching distribution found for (\S+)/.exec(output)?.[1];
    return `pip could not reach the package index to download klong's dependencies${dep ? ` (${dep})` : ''}. ` +
      'Check the network connection, or pip\'s proxy and index settings.';
  }
  if ((m = /No matching distribution found for (\S+)/.exec(output))) {
    return `pip found no version of ${m[1]} (a dependency of klong) for this Python. Check that the package index is ` +
      'reachable (network, proxy, pip\'s index settings) and that this Python is a supported version.';
  }
  if (/\[Errno 13\] Permission denied/.test(output)) {
    return 'pip may not write into this Python\'s packages (permission denied). Use a virtual environment ' +
      '(python3 -m venv .venv) or a Python you own.';
  }
  if (/\[Errno 28\] No space left on device/.test(output)) return 'The disk is full (no space left on device).';
  const lines = output.split('\n').map(l => l.trim()).filter(Boolean);
  const error = [...lines].reverse().find(l => /^ERROR:/.test(l));
  if (error) return error.replace(/^ERROR:\s*/, '');
  const last = lines[lines.length - 1];
  return last ? `pip exited with status ${exitCode}: ${last}` : `pip exited with status ${exitCode}.`;
}
