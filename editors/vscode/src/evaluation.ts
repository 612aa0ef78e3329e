// Evaluation: the results shown after lines, and evaluating lines, selections and files with
// the server's klong.evaluate command (what is shown comes from results.ts).
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient } from 'vscode-languageclient/node';
import { config, LANGUAGE } from './config';
import { ServerManager } from './client';
import { evaluateArguments, EvalItem, evaluationLog, lineEdit, lineResults, ResultStore } from './results';

const EVALUATE = 'klong.evaluate';

/** What evaluating needs of the extension's context. */
export interface Evaluation {
  readonly output: vscode.LogOutputChannel;
  readonly server: ServerManager;
  readonly results: ResultView;
}

/** Evaluation results shown after lines of the visible editors (decorations). */
export class ResultView implements vscode.Disposable {
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

async function requireTrust(): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const choice = await vscode.window.showWarningMessage(
    'Klong: this workspace is not trusted, so Klong code is not evaluated here.', 'Manage Workspace Trust');
  if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

async function requireServer(ctx: Evaluation): Promise<LanguageClient | undefined> {
  const server = ctx.server;
  if (server.state === 'starting') await server.start();
  if (server.client && server.state === 'running') return server.client;
  const choice = await vscode.window.showErrorMessage(
    `Klong: the language server is not running (${server.description || server.state}).`,
    'Restart Language Server', 'Show Output');
  if (choice === 'Restart Language Server') void vscode.commands.executeCommand('klong.restartServer');
  if (choice === 'Show Output') ctx.output.show();
  return undefined;
}

/** Evaluate `ranges` of `document` (undefined: all of it) on the server and show the results. */
export async function evaluate(ctx: Evaluation, document: vscode.TextDocument, ranges: vscode.Range[] | undefined): Promise<void> {
  if (!(await requireTrust())) return;
  const client = await requireServer(ctx);
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
      ctx.output.error(`evaluation failed: ${e}`);
      void vscode.window.showErrorMessage(`Klong: evaluation failed: ${e instanceof Error ? e.message : e}`);
      return;
    }
    const max = config().get<number>('results.maxLength') ?? 80;
    const results = lineResults(items, max, ranges !== undefined);
    ctx.results.store.set(uri, results, ranges === undefined);
    ctx.results.render(uri);
    for (const line of evaluationLog(document.uri.path.split('/').pop() ?? '', items)) ctx.output.info(line);
    if (!items.length) vscode.window.setStatusBarMessage('Klong: nothing to evaluate there', 3000);
  });
}

/** The selected text of each selection, or its whole line where nothing is selected. */
export function lineOrSelectionRanges(editor: vscode.TextEditor): vscode.Range[] {
  return editor.selections.map(s => (s.isEmpty ? editor.document.lineAt(s.active.line).range : new vscode.Range(s.start, s.end)));
}

/** `klong.evaluateOnSave`: evaluate a Klong file when the user saves it, not on auto-save. */
export class EvaluateOnSave {
  private readonly manualSaves = new Set<string>();

  constructor(private readonly ctx: Evaluation) {}

  willSave(e: vscode.TextDocumentWillSaveEvent): void {
    if (e.document.languageId === LANGUAGE && e.reason === vscode.TextDocumentSaveReason.Manual) {
      this.manualSaves.add(e.document.uri.toString());
    }
  }

  didSave(d: vscode.TextDocument): void {
    // only saves the user asked for: auto-save (files.autoSave) does not evaluate
    if (!this.manualSaves.delete(d.uri.toString())) return;
    if (d.languageId === LANGUAGE && config().get<boolean>('evaluateOnSave') && vscode.workspace.isTrusted) {
      this.ctx.output.info(`${d.uri.path.split('/').pop()} saved: evaluating it (klong.evaluateOnSave)`);
      void evaluate(this.ctx, d, undefined);
    }
  }
}
