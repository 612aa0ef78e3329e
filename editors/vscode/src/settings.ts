// The server's settings as sent in initializationOptions and workspace/didChangeConfiguration,
// the backend/device choices of the status bar, and small client-side filters.
// No 'vscode' import: unit tests run in plain Node.
import snippetTable from '../../../klong/reference/snippets.json';

export type Get = (key: string) => unknown;

/** The "klong" settings the server reads (klong_lsp/settings.py), from the extension's
 *  configuration. In an untrusted workspace nothing is evaluated on the server's own
 *  initiative and side effects stay refused. */
export function serverSettings(get: Get, trusted: boolean): Record<string, unknown> {
  const num = (key: string) => get(key);
  const live = trusted ? String(get('liveEvaluation') ?? 'off') : 'off';
  return {
    liveEvaluation: live,
    backend: get('backend') ?? 'numpy',
    device: get('device') ?? 'auto',
    evaluation: {
      timeout: num('evaluation.timeout'),
      maxOutput: num('evaluation.maxOutput'),
      maxMemory: num('evaluation.maxMemory'),
      allowSideEffects: trusted ? Boolean(get('evaluation.allowSideEffects')) : false,
      enabled: trusted,
    },
    diagnostics: { debounce: num('diagnostics.debounce'), max: num('diagnostics.max') },
    inlayHints: { maxLength: num('inlayHints.maxLength') },
    searchPath: get('searchPath') ?? [],
  };
}

export interface BackendChoice {
  backend: 'numpy' | 'torch';
  device: 'auto' | 'cpu' | 'cuda' | 'mps';
  label: string;
  detail: string;
}

export const BACKEND_CHOICES: readonly BackendChoice[] = [
  { backend: 'numpy', device: 'cpu', label: 'numpy · cpu', detail: 'NumPy arrays; gradients by central differences' },
  { backend: 'torch', device: 'auto', label: 'torch · auto', detail: 'PyTorch on the best device it finds (CUDA, MPS, else CPU); exact gradients' },
  { backend: 'torch', device: 'cpu', label: 'torch · cpu', detail: 'PyTorch on the CPU; exact gradients' },
  { backend: 'torch', device: 'cuda', label: 'torch · cuda', detail: 'PyTorch on an NVIDIA GPU' },
  { backend: 'torch', device: 'mps', label: 'torch · mps', detail: 'PyTorch on Apple silicon' },
];

/** "numpy · cpu", "torch · cuda": what the status bar shows. */
export function backendLabel(backend: unknown, device: unknown): string {
  const b = backend === 'torch' ? 'torch' : 'numpy';
  const d = b === 'numpy' ? 'cpu' : (typeof device === 'string' && device ? device : 'auto');
  return `${b} · ${d}`;
}

export function isCurrent(choice: BackendChoice, backend: unknown, device: unknown): boolean {
  return backendLabel(backend, device) === backendLabel(choice.backend, choice.device);
}

/** The language server's state, as the status bar shows it. */
export type ServerState = 'starting' | 'running' | 'stopped' | 'failed' | 'missing';

export interface StatusBarContent {
  text: string;
  /** Markdown, with theme icons */
  tooltip: string;
  /** shown on the error background */
  error: boolean;
}

/** The status bar item: the backend label, the server's state, whether the workspace is trusted. */
export function statusBarContent(label: string, state: ServerState, description: string, trusted: boolean): StatusBarContent {
  const icon = state === 'starting' ? '$(sync~spin) '
    : state === 'running' ? ''
    : '$(error) ';
  const trust = trusted ? '' : ' $(shield)';
  let tooltip = `**Klong** — evaluation backend \`${label}\` (click to change)\n\n`;
  tooltip += `Language server: ${state}${description ? ` — ${description}` : ''}\n\n`;
  if (!trusted) tooltip += 'Untrusted workspace: Klong code is not evaluated.\n';
  return { text: `${icon}Klong: ${label}${trust}`, tooltip, error: state === 'missing' || state === 'failed' };
}

/** Every prefix of the shared snippet list (contributed to VS Code as snippets). */
export const SNIPPET_PREFIXES: ReadonlySet<string> = new Set(
  Object.values(snippetTable as Record<string, { prefix: string | string[] }>)
    .flatMap(s => (Array.isArray(s.prefix) ? s.prefix : [s.prefix])));

export const SNIPPET_KIND = 15; // CompletionItemKind.Snippet in VS Code's API

/** The server also offers the shared snippets; VS Code already shows them from the snippet
 *  contribution, so drop the server's copies. */
export function withoutSnippetCopies<T extends { kind?: number; label: string | { label: string } }>(items: T[]): T[] {
  return items.filter(it => !(it.kind === SNIPPET_KIND &&
    SNIPPET_PREFIXES.has(typeof it.label === 'string' ? it.label : it.label.label)));
}

/** Whether hovering on this line may make the server evaluate code (gradient and Jacobian
 *  expressions): such hovers are not requested in an untrusted workspace. */
export function hoverMayEvaluate(lineText: string): boolean {
  return /:>|∇|∂|\.jacobian|\.gradcheck/.test(lineText);
}
