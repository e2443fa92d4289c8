import type { WatcherEvent, WatchFolderInput, WatchFolderView } from '../../src-shared/watcher/index.js';
import { WatchService, type WatchServiceOptions } from '../../src-main/watcher/watch-service.js';
import type { TestEngine } from './engine.js';
import { waitFor } from './wait.js';

export interface TestWatch {
  service: WatchService;
  events: WatcherEvent[];
  /** Adds a folder with quick settings (stable after 0.4 s) for user 19. */
  add(path: string, extra?: Partial<WatchFolderInput>, persist?: boolean): Promise<WatchFolderView>;
  /** Waits until a file event with this outcome names a path ending with `name`. */
  outcome(name: string, outcome: string, timeoutMs?: number): Promise<WatcherEvent & { type: 'watch-file' }>;
  folder(id: number): WatchFolderView | undefined;
}

export function startTestWatch(engine: TestEngine, options: Partial<WatchServiceOptions> = {}): TestWatch {
  const service = new WatchService({
    engine: engine.engine,
    reachabilityEveryMs: 150,
    pollIntervalMs: 100,
    isNetworkFolder: async () => false,
    ...options,
  });
  const events: WatcherEvent[] = [];
  service.on((event) => events.push(event));
  return {
    service,
    events,
    add: (path, extra = {}, persist = true) =>
      service.add({ path, metadata: { userid: 19 }, stableSeconds: 0.4, ...extra }, { persist }),
    outcome: (name, outcome, timeoutMs = 15_000) =>
      waitFor(
        () =>
          events.find(
            (event): event is WatcherEvent & { type: 'watch-file' } =>
              event.type === 'watch-file' && event.path.endsWith(name) && event.outcome === outcome,
          ),
        `${name} to be ${outcome}`,
        timeoutMs,
      ),
    folder: (id) => service.list().find((folder) => folder.id === id),
  };
}
