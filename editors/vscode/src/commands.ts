// The extension's commands, each a function of the context (ctx.ts) that makes the handler.
import * as vscode from 'vscode';
import { LANGUAGE } from './config';
import { Cmd, Ctx } from './ctx';
import { evaluate, lineOrSelectionRanges } from './evaluation';
import { selectBackend as pickBackend } from './statusBar';
import { expandInputSequence as expand, insertSymbol as pickSymbol } from './unicodeInput';

/** The active editor if it shows Klong, else a hint to open a Klong file. */
function klongEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId === LANGUAGE) return editor;
  void vscode.window.showInformationMessage('Klong: open a Klong (.kg) file first.');
  return undefined;
}

export function evaluateLineOrSelection(ctx: Ctx): Cmd {
  return async () => {
    const editor = klongEditor();
    if (editor) await evaluate(ctx, editor.document, lineOrSelectionRanges(editor));
  };
}

export function evaluateFile(ctx: Ctx): Cmd {
  return async () => {
    const editor = klongEditor();
    if (editor) await evaluate(ctx, editor.document, undefined);
  };
}

export function clearResults(ctx: Ctx): Cmd {
  return () => {
    const editor = vscode.window.activeTextEditor;
    ctx.results.clear(editor?.document.languageId === LANGUAGE ? editor.document.uri.toString() : undefined);
  };
}

export function selectBackend(ctx: Ctx): Cmd {
  return () => pickBackend(ctx);
}

export function restartServer(ctx: Ctx): Cmd {
  return async () => {
    ctx.output.info('restarting the language server');
    ctx.results.clear();
    await ctx.server.restart();
  };
}

export function insertSymbol(_ctx: Ctx): Cmd {
  return pickSymbol;
}

export function expandInputSequence(_ctx: Ctx): Cmd {
  return expand;
}

export function showOutput(ctx: Ctx): Cmd {
  return () => ctx.output.show();
}
