// The Unicode input table (`\nabla` -> `∇`), shared with the REPL and the language server:
// esbuild bundles klong/reference/unicode_input.json into the extension at build time.
import table from '../../../klong/reference/unicode_input.json';

export interface InputSequence {
  sequence: string;
  char: string;
  name: string;
  key?: string;
}

/** One symbol of the "Insert Symbol" list: a glyph and every way to type it. */
export interface SymbolEntry {
  char: string;
  name: string;
  sequences: string[];
  key?: string;
}

export const sequences: readonly InputSequence[] = table.sequences;
/** The REPL's quick-entry prefix key (APL style): the prefix, then an entry's key. */
export const replPrefix: string = table.prefix;

const bySequence = new Map(sequences.map(s => [s.sequence, s.char]));

/** If `text` (a line up to the cursor) ends with a whole input sequence: its char and length. */
export function sequenceBefore(text: string): { char: string; length: number } | undefined {
  const start = text.lastIndexOf('\\');
  if (start < 0) return undefined;
  const char = bySequence.get(text.slice(start));
  return char === undefined ? undefined : { char, length: text.length - start };
}

/** The table grouped by glyph, in table order. */
export function symbolEntries(): SymbolEntry[] {
  const out: SymbolEntry[] = [];
  const index = new Map<string, SymbolEntry>();
  for (const s of sequences) {
    let e = index.get(s.char);
    if (!e) {
      e = { char: s.char, name: s.name, sequences: [] };
      index.set(s.char, e);
      out.push(e);
    }
    e.sequences.push(s.sequence);
    if (s.key !== undefined && e.key === undefined) e.key = s.key;
  }
  return out;
}

/** How to type a symbol, for the quick pick: "type \nabla or \grad, then Tab · REPL: `g". */
export function howToType(e: SymbolEntry): string {
  const seqs = e.sequences.join(' or ');
  const repl = e.key !== undefined ? ` · in the REPL: ${replPrefix}${e.key}` : '';
  return `type ${seqs}, then Tab${repl}`;
}
