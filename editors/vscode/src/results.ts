// Results of `klong.evaluate` as text after lines: what is shown, on which line, and how the
// shown results follow edits. No 'vscode' import here, so that unit tests run in plain Node.

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

/** One statement in the answer of the server's `klong.evaluate` command. */
export interface EvalItem {
  range: Range;
  value: string | null;
  error: string | null;
  short?: string | null;
  kind?: string | null;
  shape?: number[] | null;
  output?: string;
}

/** What is shown after one line: the statements that end on it. */
export interface LineResult {
  line: number;
  text: string;     // the decoration text, already shortened
  hover: string;    // Markdown: every full value, error and printed output
  error: boolean;   // any statement on the line failed
}

export const RESULT_PREFIX = '→ ';
export const ERROR_PREFIX = '✗ ';

/** One line of text at most `max` characters long (newlines shown as ⏎). */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\r?\n/g, '⏎');
  if (flat.length <= max) return flat;
  return flat.slice(0, Math.max(1, max - 1)) + '…';
}

function fence(code: string, lang: string): string {
  let ticks = '```';
  while (code.includes(ticks)) ticks += '`';
  return `${ticks}${lang}\n${code}\n${ticks}`;
}

function describe(item: EvalItem): string {
  const facts: string[] = [];
  if (item.kind) facts.push(item.kind);
  if (item.shape && item.shape.length) facts.push('shape ' + item.shape.join('×'));
  return facts.join(' · ');
}

/** Group the server's items by the line they end on, as decoration text and hover.
 *  The text shows a value's short form (reals rounded); the hover its full printed value.
 *  Function definitions show only when `functions` (a line evaluated on purpose). */
export function lineResults(items: readonly EvalItem[], maxLength: number, functions = true): LineResult[] {
  const byLine = new Map<number, EvalItem[]>();
  for (const item of items) {
    if (item.value === null && !item.error && !item.output) continue;
    if (!functions && !item.error && !item.output && item.kind === 'function') continue;
    // a statement that ends at column 0 ends on the line before (its newline was included)
    let line = item.range.end.line;
    if (item.range.end.character === 0 && line > item.range.start.line) line -= 1;
    const list = byLine.get(line) ?? [];
    list.push(item);
    byLine.set(line, list);
  }
  const out: LineResult[] = [];
  for (const [line, list] of [...byLine].sort((a, b) => a[0] - b[0])) {
    const parts: string[] = [];
    const hover: string[] = [];
    let error = false;
    for (const item of list) {
      if (item.error) {
        error = true;
        parts.push(ERROR_PREFIX + item.error);
        hover.push(`**${item.error.replace(/([*_`\\[\]])/g, '\\$1')}**`);
      } else if (item.value !== null) {
        parts.push(item.short ?? item.value);
        const facts = describe(item);
        hover.push(fence(item.value, 'klong') + (facts ? `\n\n${facts}` : ''));
      }
      if (item.output) hover.push('printed:\n\n' + fence(item.output.replace(/\n$/, ''), 'text'));
    }
    if (!parts.length) parts.push('(printed output)');
    const joined = parts.join('  ·  ');
    const text = joined.startsWith(ERROR_PREFIX) ? joined : RESULT_PREFIX + joined;
    out.push({ line, text: shorten(text, maxLength), hover: hover.join('\n\n---\n\n'), error });
  }
  return out;
}

/** A change of a document, in the terms `ResultStore.applyEdit` needs. */
export interface LineEdit {
  startLine: number;
  startCharacter: number;
  endLine: number;
  newText: string;
  /** the change is an insertion at the very end of its line */
  atLineEnd: boolean;
}

/** A change of a document as the editor reports it: the replaced range and the new text. */
export interface DocumentChange {
  range: Range;
  text: string;
}

/** The LineEdit of `change`; `lineText(n)` is line n of the document after the change, which
 *  has `lineCount` lines. */
export function lineEdit(change: DocumentChange, lineText: (line: number) => string, lineCount: number): LineEdit {
  const { start, end } = change.range;
  // Was the insertion at the end of its line? Then nothing of the old line follows the
  // inserted text on its last line now (auto-indent may have added blanks).
  let atLineEnd = false;
  const parts = change.text.split(/\r?\n/);
  const empty = start.line === end.line && start.character === end.character;
  if (empty && parts.length > 1) {
    const lastLine = Math.min(start.line + parts.length - 1, lineCount - 1);
    const after = lineText(lastLine).slice(parts[parts.length - 1].length);
    atLineEnd = after.trim() === '';
  }
  return {
    startLine: start.line,
    startCharacter: start.character,
    endLine: end.line,
    newText: change.text,
    atLineEnd,
  };
}

/** The arguments of the server's `klong.evaluate` command: the document, and the range to
 *  evaluate (none: the whole document). */
export function evaluateArguments(uri: string, range?: Range): unknown[] {
  const args: unknown[] = [uri];
  if (range) {
    args.push({
      start: { line: range.start.line, character: range.start.character },
      end: { line: range.end.line, character: range.end.character },
    });
  }
  return args;
}

/** What the output channel says of evaluated statements of the file named `name`. */
export function evaluationLog(name: string, items: readonly EvalItem[]): string[] {
  const lines: string[] = [];
  for (const item of items) {
    const where = `${name}:${item.range.start.line + 1}`;
    if (item.error) lines.push(`${where}: ${item.error}`);
    else if (item.value !== null) lines.push(`${where}: ${item.value}`);
    if (item.output) lines.push(`${where}: printed\n${item.output.replace(/\n$/, '')}`);
  }
  return lines;
}

function count(text: string, ch: string): number {
  let n = 0;
  for (const c of text) if (c === ch) n++;
  return n;
}

/** The results shown for each document, by line; they move with edits and vanish from
 *  lines that change. */
export class ResultStore {
  private readonly docs = new Map<string, Map<number, LineResult>>();

  /** Show `results`; `replace` drops the document's earlier results first. */
  set(uri: string, results: readonly LineResult[], replace: boolean): void {
    let lines = this.docs.get(uri);
    if (!lines || replace) {
      lines = new Map();
      this.docs.set(uri, lines);
    }
    for (const r of results) lines.set(r.line, r);
  }

  get(uri: string): LineResult[] {
    return [...(this.docs.get(uri)?.values() ?? [])].sort((a, b) => a.line - b.line);
  }

  uris(): string[] {
    return [...this.docs.keys()];
  }

  clear(uri?: string): void {
    if (uri === undefined) this.docs.clear();
    else this.docs.delete(uri);
  }

  /** Follow the edits of one change event (in the order given); true if anything moved. */
  applyEdits(uri: string, edits: readonly LineEdit[]): boolean {
    const lines = this.docs.get(uri);
    if (!lines || !lines.size) return false;
    let changed = false;
    for (const e of edits) {
      const added = count(e.newText, '\n');
      const pureInsert = e.startLine === e.endLine;
      // Enter at the end of a line, or whole new lines typed at the start of a line: the
      // line itself keeps its text, and only the lines below move.
      const keepsLine = pureInsert && added > 0 && (
        (e.atLineEnd && e.newText.startsWith('\n')) ||
        (e.startCharacter === 0 && e.newText.endsWith('\n')));
      const delta = added - (e.endLine - e.startLine);
      const next = new Map<number, LineResult>();
      for (const [line, r] of lines) {
        if (keepsLine) {
          const moves = e.startCharacter === 0 && !e.atLineEnd ? line >= e.startLine : line > e.startLine;
          const to = moves ? line + delta : line;
          next.set(to, { ...r, line: to });
          if (to !== line) changed = true;
        } else if (line < e.startLine) {
          next.set(line, r);
        } else if (line > e.endLine) {
          next.set(line + delta, { ...r, line: line + delta });
          if (delta) changed = true;
        } else {
          changed = true;   // the line changed: its result is stale
        }
      }
      lines.clear();
      for (const [line, r] of next) lines.set(line, r);
    }
    return changed;
  }
}
