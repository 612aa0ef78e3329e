// When no language server is found: the message that says why, with its fixes as buttons, and
// "Install klong into <python>", which pip-installs the klong wheel the .vsix ships into that
// Python (serverInstall.ts decides, builds the command line and reads pip's output) with a
// progress notification, then starts the server. When pip fails, the Klong output shows pip's
// output and a message says what went wrong.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ServerManager } from './client';
import {
  commandLine, displayPath, explainPipFailure, InstallOffer, installOffer, pipInstallArgs, pipProgress,
  shippedWheel, WHEEL_FOLDER,
} from './serverInstall';
import { installCommand, Missing } from './serverLocator';

/** What the fixes need of the extension's context. */
export interface Bootstrap {
  readonly output: vscode.LogOutputChannel;
  readonly server: ServerManager;
  readonly extensionPath: string;
}

type InstallResult = { ok: true } | { ok: false; cancelled: boolean; reason: string };

/** The klong wheel shipped in the extension's folder, if the .vsix has one. */
function shippedWheelPath(extensionPath: string): string | undefined {
  const dir = path.join(extensionPath, WHEEL_FOLDER);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  const name = shippedWheel(names);
  return name && path.join(dir, name);
}

/** The message for a start that found no server, with the fixes it allows as buttons. */
export async function showMissingServer(ctx: Bootstrap, missing: Missing): Promise<void> {
  const offer = installOffer(missing, shippedWheelPath(ctx.extensionPath), os.homedir(),
    dir => existsSync(path.join(dir, 'pyvenv.cfg')));
  if (missing.python && !offer) {
    ctx.output.info(`no klong wheel in ${path.join(ctx.extensionPath, WHEEL_FOLDER)}: the extension cannot install klong itself`);
  }
  // with an offer, Install replaces Copy Install Command (the output still has the command)
  const copy = offer ? undefined : installCommand(missing.fix);
  const buttons = [...(offer ? [offer.button] : []), ...(copy ? ['Copy Install Command'] : []), 'Open Settings', 'Show Output'];
  const text = offer ? offer.message : `${missing.message} ${missing.fix}`;
  const choice = await vscode.window.showErrorMessage(`Klong: ${text}`, ...buttons);
  if (offer && choice === offer.button) {
    await installAndStart(ctx, offer);
  } else if (choice === 'Copy Install Command' && copy) {
    await vscode.env.clipboard.writeText(copy);
    void vscode.window.showInformationMessage(`Copied: ${copy}. Run it in a terminal, then "Klong: Restart Language Server".`);
  } else if (choice === 'Open Settings') {
    void vscode.commands.executeCommand('workbench.action.openSettings', 'klong.server.path klong.pythonPath');
  } else if (choice === 'Show Output') {
    ctx.output.show();
  }
}

/** Install klong into the offer's Python; then start the server, or say why it failed. */
async function installAndStart(ctx: Bootstrap, offer: InstallOffer): Promise<void> {
  const result = await pipInstall(ctx, offer);
  if (result.ok) {
    ctx.output.info(`klong installed into ${offer.python}`);
    await ctx.server.start();
    return;
  }
  if (result.cancelled) {
    ctx.output.warn(`installing klong into ${offer.python}: cancelled`);
    return;
  }
  ctx.output.error(`installing klong into ${offer.python} failed: ${result.reason}`);
  ctx.output.show(true);
  const choice = await vscode.window.showErrorMessage(
    `Klong: installing klong into ${displayPath(offer.python, os.homedir())} failed. ${result.reason} ` +
    '(pip\'s output is in the Klong output.)',
    'Try Again', 'Open Settings', 'Show Output');
  if (choice === 'Try Again') await installAndStart(ctx, offer);
  else if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'klong.pythonPath');
  else if (choice === 'Show Output') ctx.output.show();
}

/** Run `python -m pip install <wheel>[lsp]` with a cancellable progress notification; pip's
 *  output goes to the Klong output line by line. */
function pipInstall(ctx: Bootstrap, offer: InstallOffer): Thenable<InstallResult> {
  const args = pipInstallArgs(offer.wheel);
  ctx.output.info(`installing klong: ${commandLine(offer.python, args)}`);
  const title = `Klong: installing klong into ${displayPath(offer.python, os.homedir())}`;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true },
    (progress, token) => new Promise<InstallResult>(resolve => {
      let output = '';
      let cancelled = false;
      const child = spawn(offer.python, args, {
        env: { ...process.env, PYTHONUNBUFFERED: '1', PIP_NO_INPUT: '1' },
        windowsHide: true,
      });
      const show = (line: string) => {
        if (!line.trim()) return;
        ctx.output.info(`pip: ${line}`);
        const message = pipProgress(line);
        if (message) progress.report({ message });
      };
      // pip's output comes in chunks that may end inside a line
      const lineReader = () => {
        let pending = '';
        return {
          add(chunk: string) {
            output += chunk;
            const parts = (pending + chunk).split(/\r?\n/);
            pending = parts.pop() ?? '';
            parts.forEach(show);
          },
          flush() {
            show(pending);
            pending = '';
          },
        };
      };
      const stdout = lineReader(), stderr = lineReader();
      child.stdout.setEncoding('utf8').on('data', (c: string) => stdout.add(c));
      child.stderr.setEncoding('utf8').on('data', (c: string) => stderr.add(c));
      token.onCancellationRequested(() => {
        cancelled = true;
        child.kill();
      });
      child.on('error', e => resolve({ ok: false, cancelled: false, reason: `Could not run ${offer.python}: ${e.message}` }));
      child.on('close', code => {
        stdout.flush();
        stderr.flush();
        if (cancelled) resolve({ ok: false, cancelled: true, reason: 'cancelled' });
        else if (code === 0) resolve({ ok: true });
        else resolve({ ok: false, cancelled: false, reason: explainPipFailure(output, code) });
      });
    }));
}
