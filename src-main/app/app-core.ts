import {
  AppCommandError,
  appSettingsSchema,
  type AppNotification,
  type AppSettings,
  type AppStatus,
  type SettingsPatch,
  type SettingsView,
} from '../../src-shared/app/index.js';
import type { EngineEvent, QueueTotals } from '../../src-shared/engine/index.js';
import type { AppContext, ServerConnection } from './app-context.js';
import {
  closeConnection,
  engineSettingsOf,
  openConnection,
  startConnection,
  type Connection,
} from './connection.js';
import type { EventHub } from './event-hub.js';
import { loadSettings, needsReconnect, settingsView } from './load-settings.js';
import { SandboxKeeper } from './sandbox-keeper.js';
import { NO_USER_PROBLEM } from './server-choice.js';
import type { AppServiceOptions } from './types.js';
import { UploadNotifier } from './upload-notifier.js';

/**
 * The service's state: settings, token and the current connection (server, queue, watch folders), rebuilt when
 * the server or user changes. Commands reach it through {@link AppContext}.
 */
export class AppCore implements AppContext {
  private current: AppSettings = appSettingsSchema.parse({});
  private token: string | undefined;
  /** Shown in Settings for this session only: the migration that produced it is recorded and never runs again. */
  private limitRateNote: string | null = null;
  private connecting: Promise<Connection> | undefined;
  private starting: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private detach: Array<() => void> = [];
  private totals: QueueTotals | null = null;
  private readonly sandbox: SandboxKeeper;
  private readonly uploads: UploadNotifier;

  constructor(
    readonly options: AppServiceOptions,
    private readonly hub: EventHub,
  ) {
    this.sandbox = new SandboxKeeper(options.stateDir, {
      speed: options.tuning?.sandboxSpeed,
      demo: options.sandboxDemo ?? false,
      dialects: options.sandboxDialects,
    });
    this.uploads = new UploadNotifier((notification) => this.notify(notification, true));
  }

  start(): Promise<void> {
    this.starting ??= (async () => {
      const loaded = await loadSettings(this.options.settings);
      this.current = loaded.settings;
      this.limitRateNote = loaded.limitRateNote;
      this.token = await this.options.settings.readToken();
      if (loaded.warning)
        this.notify({ level: 'warning', title: 'Settings reset', body: loaded.warning }, false);
      if (loaded.problem)
        this.notify({ level: 'warning', title: 'Check the upload limit', body: loaded.problem }, false);
      this.connecting = this.connect();
      await this.connecting;
    })();
    return this.starting;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.starting?.catch(() => undefined);
      const connection = await this.connecting?.catch(() => undefined);
      this.unsubscribe();
      if (connection) await closeConnection(connection);
      await this.sandbox.close();
    })();
    return this.closing;
  }

  // ---- AppContext -----------------------------------------------------------------------------------------

  settings(): AppSettings {
    return this.current;
  }

  async connection(): Promise<Connection> {
    if (this.closing) throw new AppCommandError('The app is shutting down.');
    if (!this.starting) throw new AppCommandError('The app has not started yet.');
    await this.starting;
    return this.connecting!;
  }

  async server(): Promise<ServerConnection> {
    const connection = await this.connection();
    if (connection.api) return connection as ServerConnection;
    throw new AppCommandError(connection.problem ?? 'No server is connected. Check Settings.');
  }

  userOf(connection: Pick<Connection, 'userId'>): number {
    if (connection.userId === null) throw new AppCommandError(NO_USER_PROBLEM);
    return connection.userId;
  }

  emit: AppContext['emit'] = (event) => this.hub.emit(event);

  notify(notification: Omit<AppNotification, 'type'>, activity: boolean): void {
    if (activity && !this.current.notifications) return;
    this.hub.emit({ type: 'notification', ...notification });
  }

  lastTotals(): QueueTotals | null {
    return this.totals;
  }

  // ---- settings -------------------------------------------------------------------------------------------

  view(): SettingsView {
    return settingsView(
      this.current,
      this.token !== undefined,
      this.options.settings.tokenStorage,
      { path: this.options.defaultDownloadDir, note: this.options.defaultDownloadDirNote ?? null },
      this.limitRateNote,
    );
  }

  async status(): Promise<AppStatus> {
    return this.statusOf(await this.connection());
  }

  /** Saves a (validated) patch and applies it: engine limits in place, another server or user by reconnecting. */
  async updateSettings(patch: SettingsPatch): Promise<SettingsView> {
    const connection = await this.connection();
    const before = this.current;
    const given = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
    const after = appSettingsSchema.parse({ ...before, ...given });
    await this.options.settings.save(after);
    this.current = after;
    if (needsReconnect(before, after)) await this.reconnect();
    else connection.engine.updateSettings(engineSettingsOf(after));
    this.emit({ type: 'settings-changed', settings: this.view() });
    this.emit({ type: 'status-changed', status: await this.status() });
    return this.view();
  }

  /** Stores the token (read per request, so no reconnect) and releases a queue held for sign-in. */
  async setToken(token: string | null): Promise<SettingsView> {
    const connection = await this.connection();
    await this.options.settings.writeToken(token);
    this.token = token ?? undefined;
    if (token !== null && connection.engine.queueHold?.reason === 'auth') connection.engine.releaseHold();
    this.emit({ type: 'settings-changed', settings: this.view() });
    this.emit({ type: 'status-changed', status: this.statusOf(connection) });
    return this.view();
  }

  currentToken(): string | undefined {
    return this.token;
  }

  /** The running embedded sandbox's URL, if it runs. */
  async sandboxUrl(): Promise<string | undefined> {
    return (await this.sandbox.current())?.api;
  }

  // ---- connecting -----------------------------------------------------------------------------------------

  private async connect(): Promise<Connection> {
    const connection = await openConnection(this.current, {
      stateDir: this.options.stateDir,
      serverOverride: this.options.serverOverride,
      sandbox: this.sandbox,
      token: () => this.token,
      tuning: this.options.tuning ?? {},
      runnerLabel: this.options.runnerLabel ?? 'the PathomIQ Uploader app',
      offline: this.options.offline ?? false,
    });
    this.subscribe(connection);
    if (this.options.runQueue ?? true) await startConnection(connection);
    this.emit({ type: 'status-changed', status: this.statusOf(connection) });
    return connection;
  }

  /** Stops the old queue and watchers cleanly, drops the sandbox if no longer used, and connects again. */
  private async reconnect(): Promise<void> {
    const previous = this.connecting!;
    this.connecting = (async () => {
      const old = await previous.catch(() => undefined);
      this.unsubscribe();
      // The old server's speed and counts say nothing about the new one's queue.
      this.totals = null;
      if (old) await closeConnection(old);
      if (this.options.serverOverride || !this.current.useSandbox) await this.sandbox.close();
      return this.connect();
    })();
    await this.connecting;
  }

  private subscribe(connection: Connection): void {
    this.detach.push(
      connection.engine.on((event) => this.onEngineEvent(connection, event)),
      connection.watch.on((event) => this.emit(event)),
    );
  }

  private unsubscribe(): void {
    for (const off of this.detach.splice(0)) off();
  }

  private onEngineEvent(connection: Connection, event: EngineEvent): void {
    if (event.type === 'progress') this.totals = event.totals;
    this.emit(event);
    this.uploads.onEngineEvent(event);
    if (event.type === 'queue-held' || event.type === 'queue-released')
      this.emit({ type: 'status-changed', status: this.statusOf(connection) });
  }

  private statusOf(connection: Connection): AppStatus {
    return {
      version: this.options.version,
      host: this.options.host,
      server: connection.server,
      userId: connection.userId,
      hold: connection.engine.queueHold ?? null,
      problem: connection.problem,
    };
  }
}
