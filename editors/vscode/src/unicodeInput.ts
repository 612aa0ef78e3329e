// Unicode input: input sequences (`\nabla` + Tab -> `∇`) and the Insert Symbol picker, from the
// shared input table (inputTable.ts).
import * as vscode from 'vscode';
import { LANGUAGE } from './config';
import { howToType, sequenceBefore, symbolEntries } from './inputTable';

/** The context key klong.atInputSequence (Tab expands a sequence only where it is true). */
export class InputContext {
  private atSequence = false;

  /** Set the key for the cursor of the active editor. */
  update(): void {
    const editor = vscode.window.activeTextEditor;
    let now = false;
    if (editor && editor.document.languageId === LANGUAGE && editor.selections.length === 1 && editor.selection.isEmpty) {
      const pos = editor.selection.active;
      now = sequenceBefore(editor.document.lineAt(pos.line).text.slice(0, pos.character)) !== undefined;
    }
    if (now !== this.atSequence) {
      this.atSequence = now;
      void vscode.commands.executeCommand('setContext', 'klong.atInputSequence', now);
    }
  }
}

/** Tab on an input sequence (`\nabla`): replace it by its glyph at every cursor; else a plain Tab. */
export async function expandInputSequence(): Promise<void> {
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

/** The Insert Symbol picker: a glyph by name or input sequence, at every selection. */
export async function insertSymbol(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const items = symbolEntries().map(e => ({ label: e.char, description: e.name, detail: howToType(e), char: e.char }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Klong: Insert Symbol', placeHolder: 'glyph, name, or input sequence', matchOnDescription: true, matchOnDetail: true,
  });
  if (!picked || !editor) return;
  await editor.edit(b => { for (const s of editor.selections) b.replace(s, picked.char); });
}
