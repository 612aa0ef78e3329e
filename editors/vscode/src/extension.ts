// The Klong extension: starts klong-lsp with vscode-languageclient, shows evaluation results
// after lines, a backend/device status bar item, Unicode input, and respects Workspace Trust.
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest, LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind,
} from 'vscode-languageclient/node';
import { howToType, sequenceBefore, symbolEntries } from './inputTable';
import { evaluateArguments, EvalItem, evaluationLog, lineEdit, lineResults, ResultStore } from './results';
import { installCommand, Located, locateServer } from './serverLocator';
import {
  BACKEND_CHOICES, backendLabel, hoverMayEvaluate, isCurrent, serverSettings, ServerState, statusBarContent,
  withoutSnippetCopies,
} from './settings';

const LANGUAGE = 'klong';
const EVALUATE = 'klong.evaluate';

let output: vscode.LogOutputChannel;
let server: ServerManager | undefined;

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('klong');
}

function currentServerSettings(): Record<string, unknown> {
  const c = config();
  return serverSettings(key => c.get(key), vscode.workspace.isTrusted);
}

// ---- the language server ------------------------------------------------------------------

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function importProblem(python: string): Promise<string | undefined> {
  return new Promise(resolve => {
    execFile(python, ['-c', 'import klong_lsp'], { timeout: 20000 }, (err, _out, stderr) => {
      if (!err) return resolve(undefined);
      const last = String(stderr).trim().split('\n').pop();
      resolve(last || err.message);
    });
  });
}

async function pythonFromExtension(): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension('ms-python.python');
  if (!ext) return undefined;
  const resource = vscode.workspace.workspaceFolders?.[0]?.uri;
  const lookup = async (): Promise<string | undefined> => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const api: any = ext.isActive ? ext.exports : await ext.activate();
    const envs = api?.environments;
    if (envs?.getActiveEnvironmentPath) {
      const active = envs.getActiveEnvironmentPath(resource);
      const resolved = await envs.resolveEnvironment?.(active);
      const exe = resolved?.executable?.uri?.fsPath ?? active?.path;
      if (exe) return exe;
    }
    return api?.settings?.getExecutionDetails?.(resource)?.execCommand?.[0];
  };
  const timeout = new Promise<undefined>(resolve => setTimeout(() => resolve(undefined), 10000));
  try {
    return await Promise.race([lookup(), timeout]);
  } catch (e) {
    output.warn(`the Python extension did not give an interpreter: ${e}`);
    return undefined;
  }
}

class ServerManager implements vscode.Disposable {
  client: LanguageClient | undefined;
  state: ServerState = 'stopped';
  description = '';
  private readonly changed = new vscode.EventEmitter<ServerState>();
  readonly onDidChangeState = this.changed.event;
  private starting: Promise<void> | undefined;

  private setState(state: ServerState): void {
    this.state = state;
    this.changed.fire(state);
  }

  start(): Promise<void> {
    if (!this.starting) this.starting = this.doStart().finally(() => { this.starting = undefined; });
    return this.starting;
  }

  private async doStart(): Promise<void> {
    this.setState('starting');
    const c = config();
    const located: Located = await locateServer({
      serverPath: c.get<string>('server.path') ?? '',
      serverArgs: c.get<string[]>('server.args') ?? [],
      pythonPath: c.get<string>('pythonPath') ?? '',
      pathVar: process.env.PATH ?? '',
      platform: process.platform,
      isExecutable,
      importProblem,
      pythonFromExtension,
    });
    for (const t of located.tried) output.info(`server search: ${t}`);
    if (!located.ok) {
      this.description = located.message;
      output.error(`${located.message} ${located.fix}`);
      this.setState('missing');
      void showMissingServer(located.message, located.fix);
      return;
    }
    this.description = located.server.description;
    output.info(`starting the language server: ${located.server.description}`);
    const serverOptions: ServerOptions = {
      command: located.server.command,
      args: located.server.args,
      transport: TransportKind.stdio,
      options: { cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ language: LANGUAGE, scheme: 'file' }, { language: LANGUAGE, scheme: 'untitled' }],
      outputChannel: output,
      initializationOptions: { klong: currentServerSettings() },
      middleware: {
        workspace: {
          configuration: (params, token, next) => {
            const settings = currentServerSettings();
            if (params.items.every(i => i.section === 'klong')) return params.items.map(() => settings);
            return next(params, token);
          },
        },
        provideCompletionItem: async (document, position, context, token, next) => {
          const result = await next(document, position, context, token);
          if (!result) return result;
          if (Array.isArray(result)) return withoutSnippetCopies(result);
          result.items = withoutSnippetCopies(result.items);
          return result;
        },
        provideHover: (document, position, token, next) => {
          if (!vscode.workspace.isTrusted && hoverMayEvaluate(document.lineAt(position.line).text)) {
            return undefined;
          }
          return next(document, position, token);
        },
        provideInlayHints: (document, range, token, next) =>
          (vscode.workspace.isTrusted ? next(document, range, token) : []),
      },
    };
    const client = new LanguageClient('klong', 'Klong Language Server', serverOptions, clientOptions);
    this.client = client;
    client.onDidChangeState(e => {
      if (this.client !== client) return;
      if (e.newState === State.Running) this.setState('running');
      else if (e.newState === State.Stopped && this.state !== 'starting') this.setState('stopped');
    });
    try {
      await client.start();
      output.info(`language server running: ${client.initializeResult?.serverInfo?.name ?? 'klong-lsp'} ` +
        `${client.initializeResult?.serverInfo?.version ?? ''}`);
      this.setState('running');
    } catch (e) {
      output.error(`the language server did not start: ${e}`);
      this.setState('failed');
      const choice = await vscode.window.showErrorMessage(
        `Klong: the language server (${located.server.description}) did not start: ${e}`,
        'Show Output', 'Open Settings');
      if (choice === 'Show Output') output.show();
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'klong.server');
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        await client.stop(5000);
      } catch (e) {
        output.warn(`stopping the language server: ${e}`);
      }
      await client.dispose().catch(() => undefined);
    }
    this.setState('stopped');
  }

  async restart(): Promise<void> {
    if (this.starting) await this.starting;
    await this.stop();
    await this.start();
  }

  sendSettings(): void {
    if (this.client && this.state === 'running') {
      void this.client.sendNotification('workspace/didChangeConfiguration', { settings: { klong: currentServerSettings() } });
    }
  }

  hasCommand(name: string): boolean {
    return this.client?.initializeResult?.capabilities.executeCommandProvider?.commands.includes(name) ?? false;
  }

  dispose(): void {
    void this.stop();
    this.changed.dispose();
  }
}

async function showMissingServer(message: string, fix: string): Promise<void> {
  const install = installCommand(fix);
  const buttons = install ? ['Copy Install Command', 'Open Settings', 'Show Output'] : ['Open Settings', 'Show Output'];
  const choice = await vscode.window.showErrorMessage(`Klong: ${message} ${fix}`, ...buttons);
  if (choice === 'Copy Install Command' && install) {
    await vscode.env.clipboard.writeText(install);
    void vscode.window.showInformationMessage(`Copied: ${install}. Run it in a terminal, then "Klong: Restart Language Server".`);
  } else if (choice === 'Open Settings') {
    void vscode.commands.executeCommand('workbench.action.openSettings', 'klong.server.path klong.pythonPath');
  } else if (choice === 'Show Output') {
    output.show();
  }
}

// ---- results after lines ----------------------------------------------------------------------

class ResultView implements vscode.Disposable {
  readonly store = new ResultStore();
  private readonly valueType = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('klong.resultForeground'), margin: '0 0 0 2em' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedOpen,
  });
  private readonly errorType = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('klong.errorForeground'), margin: '0 0 0 2em' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedOpen,
  });

  render(uri?: string): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const key = editor.document.uri.toString();
      if (uri !== undefined && key !== uri) continue;
      const values: vscode.DecorationOptions[] = [];
      const errors: vscode.DecorationOptions[] = [];
      for (const r of this.store.get(key)) {
        if (r.line >= editor.document.lineCount) continue;
        const line = editor.document.lineAt(r.line);
        const hover = new vscode.MarkdownString(r.hover);
        (r.error ? errors : values).push({
          range: line.range,
          hoverMessage: hover,
          renderOptions: { after: { contentText: r.text } },
        });
      }
      editor.setDecorations(this.valueType, values);
      editor.setDecorations(this.errorType, errors);
    }
  }

  clear(uri?: string): void {
    this.store.clear(uri);
    for (const editor of vscode.window.visibleTextEditors) {
      if (uri === undefined || editor.document.uri.toString() === uri) {
        editor.setDecorations(this.valueType, []);
        editor.setDecorations(this.errorType, []);
      }
    }
  }

  onEdit(e: vscode.TextDocumentChangeEvent): void {
    const uri = e.document.uri.toString();
    if (!e.contentChanges.length || !this.store.get(uri).length) return;
    const lineText = (line: number) => e.document.lineAt(line).text;
    const edits = e.contentChanges.map(c => lineEdit(c, lineText, e.document.lineCount));
    if (this.store.applyEdits(uri, edits)) this.render(uri);
  }

  dispose(): void {
    this.valueType.dispose();
    this.errorType.dispose();
  }
}

// ---- evaluation -----------------------------------------------------------------------------------

async function requireTrust(): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const choice = await vscode.window.showWarningMessage(
    'Klong: this workspace is not trusted, so Klong code is not evaluated here.', 'Manage Workspace Trust');
  if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

async function requireServer(): Promise<LanguageClient | undefined> {
  if (server?.state === 'starting') await server.start();
  if (server?.client && server.state === 'running') return server.client;
  const choice = await vscode.window.showErrorMessage(
    `Klong: the language server is not running (${server?.description || server?.state}).`,
    'Restart Language Server', 'Show Output');
  if (choice === 'Restart Language Server') void vscode.commands.executeCommand('klong.restartServer');
  if (choice === 'Show Output') output.show();
  return undefined;
}

async function evaluate(view: ResultView, document: vscode.TextDocument, ranges: vscode.Range[] | undefined): Promise<void> {
  if (!(await requireTrust())) return;
  const client = await requireServer();
  if (!client) return;
  const uri = document.uri.toString();
  const what = ranges ? 'the selection' : 'the file';
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Klong: evaluating ${what}` }, async () => {
    const items: EvalItem[] = [];
    try {
      for (const r of ranges ?? [undefined]) {
        const got = await client.sendRequest(ExecuteCommandRequest.type, { command: EVALUATE, arguments: evaluateArguments(uri, r) });
        if (Array.isArray(got)) items.push(...(got as EvalItem[]));
      }
    } catch (e) {
      output.error(`evaluation failed: ${e}`);
      void vscode.window.showErrorMessage(`Klong: evaluation failed: ${e instanceof Error ? e.message : e}`);
      return;
    }
    const max = config().get<number>('results.maxLength') ?? 80;
    const results = lineResults(items, max, ranges !== undefined);
    view.store.set(uri, results, ranges === undefined);
    view.render(uri);
    for (const line of evaluationLog(document.uri.path.split('/').pop() ?? '', items)) output.info(line);
    if (!items.length) vscode.window.setStatusBarMessage('Klong: nothing to evaluate there', 3000);
  });
}

function lineOrSelectionRanges(editor: vscode.TextEditor): vscode.Range[] {
  return editor.selections.map(s => (s.isEmpty ? editor.document.lineAt(s.active.line).range : new vscode.Range(s.start, s.end)));
}

// ---- status bar: backend and device ---------------------------------------------------------------

class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('klong.backend', vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = 'Klong Backend';
    this.item.command = 'klong.selectBackend';
    this.update();
  }

  update(): void {
    const c = config();
    const label = backendLabel(c.get('backend'), c.get('device'));
    const content = statusBarContent(label, server?.state ?? 'stopped', server?.description ?? '', vscode.workspace.isTrusted);
    this.item.text = content.text;
    this.item.tooltip = new vscode.MarkdownString(content.tooltip, true);
    this.item.backgroundColor = content.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.languageId === LANGUAGE) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}

async function selectBackend(view: ResultView): Promise<void> {
  const c = config();
  type Item = vscode.QuickPickItem & { choice: (typeof BACKEND_CHOICES)[number] };
  const items: Item[] = BACKEND_CHOICES.map(choice => ({
    label: (isCurrent(choice, c.get('backend'), c.get('device')) ? '$(check) ' : '') + choice.label,
    detail: choice.detail,
    choice,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Klong: backend and device for evaluation',
    placeHolder: `now: ${backendLabel(c.get('backend'), c.get('device'))}`,
  });
  if (!picked) return;
  const target = vscode.workspace.workspaceFolders?.length
    ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await c.update('backend', picked.choice.backend, target);
  await c.update('device', picked.choice.device, target);
  await restartEvaluationWorker(view);
}

/** New settings reach the server (which then evaluates with a fresh interpreter of the new
 *  backend); results made with the old backend are cleared. */
async function restartEvaluationWorker(view: ResultView): Promise<void> {
  server?.sendSettings();
  if (server?.client && server.hasCommand('klong.restartWorker')) {
    await server.client.sendRequest(ExecuteCommandRequest.type, { command: 'klong.restartWorker', arguments: [] })
      .then(undefined, e => output.warn(`klong.restartWorker: ${e}`));
  }
  view.clear();
  output.info(`evaluation backend: ${backendLabel(config().get('backend'), config().get('device'))}`);
}

// ---- Unicode input ------------------------------------------------------------------------------

let atSequence = false;

function updateInputContext(): void {
  const editor = vscode.window.activeTextEditor;
  let now = false;
  if (editor && editor.document.languageId === LANGUAGE && editor.selections.length === 1 && editor.selection.isEmpty) {
    const pos = editor.selection.active;
    now = sequenceBefore(editor.document.lineAt(pos.line).text.slice(0, pos.character)) !== undefined;
  }
  if (now !== atSequence) {
    atSequence = now;
    void vscode.commands.executeCommand('setContext', 'klong.atInputSequence', now);
  }
}

async function expandInputSequence(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const edits: Array<[vscode.Range, string]> = [];
  for (const s of editor.selections) {
    const text = editor.document.lineAt(s.active.line).text.slice(0, s.active.character);
    const found = sequenceBefore(text);
    if (found) edits.push([new vscode.Range(s.active.translate(0, -found.length), s.active), found.char]);
  }
  if (!edits.length) {
    await vscode.commands.executeCommand('tab');
    return;
  }
  await editor.edit(b => { for (const [range, char] of edits) b.replace(range, char); });
}

async function insertSymbol(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const items = symbolEntries().map(e => ({ label: e.char, description: e.name, detail: howToType(e), char: e.char }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Klong: Insert Symbol', placeHolder: 'glyph, name, or input sequence', matchOnDescription: true, matchOnDetail: true,
  });
  if (!picked || !editor) return;
  await editor.edit(b => { for (const s of editor.selections) b.replace(s, picked.char); });
}

// ---- activation -----------------------------------------------------------------------------------

export function activate(context: vscode.ExtensionContext): void {
  output = vscode.window.createOutputChannel('Klong', { log: true });
  const view = new ResultView();
  server = new ServerManager();
  const status = new StatusItem();
  context.subscriptions.push(output, view, server, status);
  server.onDidChangeState(() => status.update(), undefined, context.subscriptions);

  const manualSaves = new Set<string>();
  const register = (id: string, fn: (...args: unknown[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  const klongEditor = (): vscode.TextEditor | undefined => {
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.languageId === LANGUAGE) return editor;
    void vscode.window.showInformationMessage('Klong: open a Klong (.kg) file first.');
    return undefined;
  };

  register('klong.evaluateLineOrSelection', async () => {
    const editor = klongEditor();
    if (editor) await evaluate(view, editor.document, lineOrSelectionRanges(editor));
  });
  register('klong.evaluateFile', async () => {
    const editor = klongEditor();
    if (editor) await evaluate(view, editor.document, undefined);
  });
  register('klong.clearResults', () => {
    const editor = vscode.window.activeTextEditor;
    view.clear(editor?.document.languageId === LANGUAGE ? editor.document.uri.toString() : undefined);
  });
  register('klong.selectBackend', () => selectBackend(view));
  register('klong.restartServer', async () => {
    output.info('restarting the language server');
    view.clear();
    await server?.restart();
  });
  register('klong.insertSymbol', insertSymbol);
  register('klong.expandInputSequence', expandInputSequence);
  register('klong.showOutput', () => output.show());

  context.subscriptions.push(
    vscode.workspace.onDidChangeTextDocument(e => {
      if (e.document.languageId !== LANGUAGE) return;
      view.onEdit(e);
      if (e.document === vscode.window.activeTextEditor?.document) updateInputContext();
    }),
    vscode.window.onDidChangeTextEditorSelection(() => updateInputContext()),
    vscode.window.onDidChangeActiveTextEditor(() => { updateInputContext(); status.update(); }),
    vscode.window.onDidChangeVisibleTextEditors(() => view.render()),
    vscode.workspace.onDidCloseTextDocument(d => view.store.clear(d.uri.toString())),
    vscode.workspace.onWillSaveTextDocument(e => {
      if (e.document.languageId === LANGUAGE && e.reason === vscode.TextDocumentSaveReason.Manual) {
        manualSaves.add(e.document.uri.toString());
      }
    }),
    vscode.workspace.onDidSaveTextDocument(d => {
      // only saves the user asked for: auto-save (files.autoSave) does not evaluate
      if (!manualSaves.delete(d.uri.toString())) return;
      if (d.languageId === LANGUAGE && config().get<boolean>('evaluateOnSave') && vscode.workspace.isTrusted) {
        output.info(`${d.uri.path.split('/').pop()} saved: evaluating it (klong.evaluateOnSave)`);
        void evaluate(view, d, undefined);
      }
    }),
    vscode.workspace.onDidChangeConfiguration(e => {
      if (!e.affectsConfiguration('klong')) return;
      status.update();
      if (['klong.server', 'klong.pythonPath'].some(k => e.affectsConfiguration(k))) {
        void vscode.window.showInformationMessage('Klong: the server settings changed.', 'Restart Language Server')
          .then(c => c && vscode.commands.executeCommand('klong.restartServer'));
      } else {
        server?.sendSettings();
        if (e.affectsConfiguration('klong.results.maxLength')) view.render();
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      output.info('workspace trusted: evaluation enabled');
      server?.sendSettings();
      status.update();
    }),
  );

  updateInputContext();
  if (!vscode.workspace.isTrusted) output.info('untrusted workspace: Klong code is not evaluated');
  // not awaited: activation (and the commands) must not wait for the server to come up
  void server.start().then(() => status.update());
}

export async function deactivate(): Promise<void> {
  await server?.stop();
}
