import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  BACKEND_CHOICES, backendLabel, hoverMayEvaluate, isCurrent, serverSettings, SNIPPET_KIND,
  SNIPPET_PREFIXES, statusBarContent, withoutSnippetCopies,
} from '../../src/settings';
import { EXT, readJson, REFERENCE, REPO } from './helpers';

const pkg = readJson(path.join(EXT, 'package.json'));
const defaults = Object.fromEntries(Object.entries(pkg.contributes.configuration.properties as Record<string, { default: unknown }>)
  .map(([k, v]) => [k.replace(/^klong\./, ''), v.default]));
const get = (over: Record<string, unknown> = {}) => (key: string) => (key in over ? over[key] : defaults[key]);

function flatten(obj: unknown, prefix = ''): string[] {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return [prefix];
  return Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

test('every setting the server reads is sent, from the contributed configuration', () => {
  const sent = serverSettings(get(), true);
  assert.equal(sent.backend, 'numpy');
  assert.equal(sent.liveEvaluation, 'off');
  const keys = flatten(sent);
  // the server's own list of settings (klong_lsp/settings.py, _KEYS)
  const server = readFileSync(path.join(REPO, 'klong_lsp', 'settings.py'), 'utf8');
  const block = server.slice(server.indexOf('_KEYS = {'), server.indexOf('}', server.indexOf('_KEYS = {')));
  const serverKeys = [...block.matchAll(/^\s*"([A-Za-z.]+)":/gm)].map(m => m[1]);
  assert.ok(serverKeys.length >= 9, 'found the server settings');
  for (const k of serverKeys) {
    assert.ok(keys.includes(k), `sends ${k}`);
    assert.ok(`klong.${k}` in pkg.contributes.configuration.properties, `contributes klong.${k}`);
  }
  for (const k of keys) assert.notEqual(serverSettings(get(), true)[k.split('.')[0]], undefined, k);
});

test('an untrusted workspace never evaluates on its own and refuses side effects', () => {
  const over = { liveEvaluation: 'onType', 'evaluation.allowSideEffects': true };
  const trusted = serverSettings(get(over), true) as any;
  assert.equal(trusted.liveEvaluation, 'onType');
  assert.equal(trusted.evaluation.allowSideEffects, true);
  const untrusted = serverSettings(get(over), false) as any;
  assert.equal(untrusted.liveEvaluation, 'off');
  assert.equal(untrusted.evaluation.allowSideEffects, false);
  assert.equal(untrusted.evaluation.enabled, false);
});

test('the status bar label and the picker choices', () => {
  assert.equal(backendLabel('numpy', 'auto'), 'numpy · cpu');
  assert.equal(backendLabel(undefined, undefined), 'numpy · cpu');
  assert.equal(backendLabel('torch', 'cuda'), 'torch · cuda');
  assert.equal(backendLabel('torch', 'auto'), 'torch · auto');
  const labels = BACKEND_CHOICES.map(c => c.label);
  for (const l of ['numpy · cpu', 'torch · cpu', 'torch · cuda', 'torch · mps']) assert.ok(labels.includes(l), l);
  assert.ok(isCurrent(BACKEND_CHOICES[0], 'numpy', 'auto'));
  assert.ok(!isCurrent(BACKEND_CHOICES[0], 'torch', 'cpu'));
  const enums = pkg.contributes.configuration.properties;
  for (const c of BACKEND_CHOICES) {
    assert.ok(enums['klong.backend'].enum.includes(c.backend));
    assert.ok(enums['klong.device'].enum.includes(c.device));
  }
});

test('the server\'s copies of the shared snippets are dropped, other items kept', () => {
  const ref = readJson(path.join(REFERENCE, 'snippets.json'));
  const prefixes = Object.values(ref).flatMap((s: any) => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]));
  assert.deepEqual(new Set(prefixes), SNIPPET_PREFIXES);
  const items = [
    { label: 'grad', kind: SNIPPET_KIND },
    { label: { label: 'jac' }, kind: SNIPPET_KIND },
    { label: 'grad', kind: 6 },
    { label: 'mysnippet', kind: SNIPPET_KIND },
  ];
  assert.deepEqual(withoutSnippetCopies(items), [items[2], items[3]]);
});

test('hovers that evaluate: gradient, Jacobian and .jacobian lines', () => {
  for (const line of ['f:>3', '[1 2]∂f', 'x∇f', '.jacobian(f;x)']) assert.ok(hoverMayEvaluate(line), line);
  for (const line of ['1+2', 'f::{x^2}', ':"comment"']) assert.ok(!hoverMayEvaluate(line), line);
});

test('the status bar shows the backend, the server\'s state and an untrusted workspace', () => {
  assert.deepEqual(statusBarContent('numpy · cpu', 'running', 'klong-lsp on PATH', true), {
    text: 'Klong: numpy · cpu',
    tooltip: '**Klong** — evaluation backend `numpy · cpu` (click to change)\n\n' +
      'Language server: running — klong-lsp on PATH\n\n',
    error: false,
  });
  const starting = statusBarContent('torch · cuda', 'starting', '', true);
  assert.equal(starting.text, '$(sync~spin) Klong: torch · cuda');
  assert.match(starting.tooltip, /Language server: starting\n\n$/);
  assert.equal(starting.error, false);
  const stopped = statusBarContent('numpy · cpu', 'stopped', '', false);
  assert.equal(stopped.text, '$(error) Klong: numpy · cpu $(shield)');
  assert.match(stopped.tooltip, /\n\nUntrusted workspace: Klong code is not evaluated\.\n$/);
  assert.equal(stopped.error, false);
  for (const state of ['missing', 'failed'] as const) {
    const c = statusBarContent('numpy · cpu', state, 'no server', true);
    assert.equal(c.text, '$(error) Klong: numpy · cpu');
    assert.equal(c.error, true);
  }
});
