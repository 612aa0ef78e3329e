// The extension's language id and its "klong" settings as VS Code holds them.
import * as vscode from 'vscode';
import { serverSettings } from './settings';

export const LANGUAGE = 'klong';

export function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('klong');
}

/** The settings the server reads, from the current configuration and Workspace Trust. */
export function currentServerSettings(): Record<string, unknown> {
  const c = config();
  return serverSettings(key => c.get(key), vscode.workspace.isTrusted);
}
