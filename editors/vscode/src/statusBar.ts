// The status bar item (backend and device, the server's state) and the backend picker.
import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import { ServerManager } from './client';
import { config, LANGUAGE } from './config';
import { Evaluation } from './evaluation';
import { BACKEND_CHOICES, backendLabel, isCurrent, statusBarContent } from './settings';

/** The status bar item: backend and device, the server's state, Workspace Trust. */
export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('klong.backend', vscode.StatusBarAlignment.Right, 100);

  constructor(private readonly server: ServerManager) {
    this.item.name = 'Klong Backend';
    this.item.command = 'klong.selectBackend';
    this.update();
  }

  update(): void {
    const c = config();
    const label = backendLabel(c.get('backend'), c.get('device'));
    const content = statusBarContent(label, this.server.state, this.server.description, vscode.workspace.isTrusted);
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

/** The backend picker (klong.selectBackend): writes klong.backend and klong.device. */
export async function selectBackend(ctx: Evaluation): Promise<void> {
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
  await restartEvaluationWorker(ctx);
}

/** New settings reach the server (which then evaluates with a fresh interpreter of the new
 *  backend); results made with the old backend are cleared. */
async function restartEvaluationWorker(ctx: Evaluation): Promise<void> {
  const server = ctx.server;
  server.sendSettings();
  if (server.client && server.hasCommand('klong.restartWorker')) {
    await server.client.sendRequest(ExecuteCommandRequest.type, { command: 'klong.restartWorker', arguments: [] })
      .then(undefined, e => ctx.output.warn(`klong.restartWorker: ${e}`));
  }
  ctx.results.clear();
  ctx.output.info(`evaluation backend: ${backendLabel(config().get('backend'), config().get('device'))}`);
}
