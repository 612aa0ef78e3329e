// The Klong extension: starts klong-lsp with vscode-languageclient, shows evaluation results
// after lines, a backend/device status bar item, Unicode input, and respects Workspace Trust.
// activate only wires the parts together: the context (ctx.ts) owns them, commands.ts holds the
// commands, client.ts the language client, bootstrap.ts what to do when there is no server
// (installing klong from the wheel the .vsix ships), evaluation.ts the results, statusBar.ts the
// status bar item, unicodeInput.ts the input sequences.
import * as vscode from 'vscode';
import * as commands from './commands';
import { LANGUAGE } from './config';
import { Cmd, Ctx } from './ctx';

// VS Code calls deactivate without arguments and waits for its promise, but not for the
// subscriptions' dispose: this is how deactivate reaches the client to stop it.
let active: Ctx | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const ctx = new Ctx(context);
  active = ctx;
  const register = (id: string, command: (ctx: Ctx) => Cmd) => ctx.registerCommand(id, command);
  register('klong.evaluateLineOrSelection', commands.evaluateLineOrSelection);
  register('klong.evaluateFile', commands.evaluateFile);
  register('klong.clearResults', commands.clearResults);
  register('klong.selectBackend', commands.selectBackend);
  register('klong.restartServer', commands.restartServer);
  register('klong.insertSymbol', commands.insertSymbol);
  register('klong.expandInputSequence', commands.expandInputSequence);
  register('klong.showOutput', commands.showOutput);

  ctx.pushCleanup(
    vscode.workspace.onDidChangeTextDocument(e => {
      if (e.document.languageId !== LANGUAGE) return;
      ctx.results.onEdit(e);
      if (e.document === vscode.window.activeTextEditor?.document) ctx.input.update();
    }),
    vscode.window.onDidChangeTextEditorSelection(() => ctx.input.update()),
    vscode.window.onDidChangeActiveTextEditor(() => { ctx.input.update(); ctx.status.update(); }),
    vscode.window.onDidChangeVisibleTextEditors(() => ctx.results.render()),
    vscode.workspace.onDidCloseTextDocument(d => ctx.results.store.clear(d.uri.toString())),
    vscode.workspace.onWillSaveTextDocument(e => ctx.evaluateOnSave.willSave(e)),
    vscode.workspace.onDidSaveTextDocument(d => ctx.evaluateOnSave.didSave(d)),
    vscode.workspace.onDidChangeConfiguration(e => ctx.onConfigurationChanged(e)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => ctx.onTrustGranted()),
  );

  ctx.input.update();
  if (!vscode.workspace.isTrusted) ctx.output.info('untrusted workspace: Klong code is not evaluated');
  ctx.start();
}

export async function deactivate(): Promise<void> {
  await active?.stop();
}
