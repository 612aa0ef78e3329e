// The extension's context: it owns the output channel, the language client, the results, the
// status bar item and the input context key, and puts their disposables in VS Code's
// subscriptions; when a start finds no server it shows the fixes (bootstrap.ts). Commands
// (commands.ts) are functions of it; nothing else holds state.
import * as vscode from 'vscode';
import { showMissingServer } from './bootstrap';
import { ServerManager } from './client';
import { EvaluateOnSave, ResultView } from './evaluation';
import { StatusItem } from './statusBar';
import { InputContext } from './unicodeInput';

export type Cmd = (...args: unknown[]) => unknown;

export class Ctx {
  readonly output: vscode.LogOutputChannel;
  readonly results: ResultView;
  readonly server: ServerManager;
  readonly status: StatusItem;
  readonly input = new InputContext();
  readonly evaluateOnSave: EvaluateOnSave;
  /** the extension's folder (the klong wheel the .vsix ships is in it) */
  readonly extensionPath: string;

  constructor(private readonly extCtx: vscode.ExtensionContext) {
    this.extensionPath = extCtx.extensionPath;
    this.output = vscode.window.createOutputChannel('Klong', { log: true });
    this.results = new ResultView();
    this.server = new ServerManager(this.output);
    this.status = new StatusItem(this.server);
    this.evaluateOnSave = new EvaluateOnSave(this);
    extCtx.subscriptions.push(this.output, this.results, this.server, this.status);
    this.server.onDidChangeState(() => this.status.update(), undefined, extCtx.subscriptions);
    this.server.onDidFindNoServer(missing => void showMissingServer(this, missing), undefined, extCtx.subscriptions);
  }

  registerCommand(id: string, command: (ctx: Ctx) => Cmd): void {
    this.extCtx.subscriptions.push(vscode.commands.registerCommand(id, command(this)));
  }

  pushCleanup(...disposables: vscode.Disposable[]): void {
    this.extCtx.subscriptions.push(...disposables);
  }

  /** Start the server; not awaited: activation (and the commands) must not wait for it. */
  start(): void {
    void this.server.start().then(() => this.status.update());
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  onConfigurationChanged(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration('klong')) return;
    this.status.update();
    if (['klong.server', 'klong.pythonPath'].some(k => e.affectsConfiguration(k))) {
      void vscode.window.showInformationMessage('Klong: the server settings changed.', 'Restart Language Server')
        .then(c => c && vscode.commands.executeCommand('klong.restartServer'));
    } else {
      this.server.sendSettings();
      if (e.affectsConfiguration('klong.results.maxLength')) this.results.render();
    }
  }

  onTrustGranted(): void {
    this.output.info('workspace trusted: evaluation enabled');
    this.server.sendSettings();
    this.status.update();
  }
}
