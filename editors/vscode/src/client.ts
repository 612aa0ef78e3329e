// The language client for klong-lsp: finds the server (serverLocator.ts), starts it with
// vscode-languageclient, restarts and stops it, and reports its state. When there is no server
// it says so through onDidFindNoServer (bootstrap.ts offers the fixes).
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import { config, currentServerSettings, LANGUAGE } from './config';
import { Located, locateServer, Missing } from './serverLocator';
import { hoverMayEvaluate, ServerState, withoutSnippetCopies } from './settings';

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

async function pythonFromExtension(output: vscode.LogOutputChannel): Promise<string | undefined> {
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

/** The language client for klong-lsp: starts, restarts and stops it, and tells its state. */
export class ServerManager implements vscode.Disposable {
  client: LanguageClient | undefined;
  state: ServerState = 'stopped';
  description = '';
  private readonly changed = new vscode.EventEmitter<ServerState>();
  readonly onDidChangeState = this.changed.event;
  private readonly noServer = new vscode.EventEmitter<Missing>();
  /** A start found no server: why, and the Python to install klong into, if any. */
  readonly onDidFindNoServer = this.noServer.event;
  private starting: Promise<void> | undefined;

  constructor(private readonly output: vscode.LogOutputChannel) {}

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
      pythonFromExtension: () => pythonFromExtension(this.output),
    });
    for (const t of located.tried) this.output.info(`server search: ${t}`);
    if (!located.ok) {
      this.description = located.message;
      this.output.error(`${located.message} ${located.fix}`);
      this.setState('missing');
      this.noServer.fire(located);
      return;
    }
    this.description = located.server.description;
    this.output.info(`starting the language server: ${located.server.description}`);
    const serverOptions: ServerOptions = {
      command: located.server.command,
      args: located.server.args,
      transport: TransportKind.stdio,
      options: { cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ language: LANGUAGE, scheme: 'file' }, { language: LANGUAGE, scheme: 'untitled' }],
      outputChannel: this.output,
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
      this.output.info(`language server running: ${client.initializeResult?.serverInfo?.name ?? 'klong-lsp'} ` +
        `${client.initializeResult?.serverInfo?.version ?? ''}`);
      this.setState('running');
    } catch (e) {
      this.output.error(`the language server did not start: ${e}`);
      this.setState('failed');
      const choice = await vscode.window.showErrorMessage(
        `Klong: the language server (${located.server.description}) did not start: ${e}`,
        'Show Output', 'Open Settings');
      if (choice === 'Show Output') this.output.show();
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
        this.output.warn(`stopping the language server: ${e}`);
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
    this.noServer.dispose();
  }
}
