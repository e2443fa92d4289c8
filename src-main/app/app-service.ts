import path from 'node:path';
import type { AppHandlers, CommandName } from '../../src-shared/app/index.js';
import { SlidePreviews } from '../slides/previews/index.js';
import { browseHandlers } from './browse-handlers.js';
import { AppCore } from './app-core.js';
import { Downloads } from './downloads.js';
import { EventHub } from './event-hub.js';
import { imageHandlers } from './image-handlers.js';
import { predictionHandlers } from './prediction-handlers.js';
import { PredictionWatch } from './prediction-watch.js';
import { queueHandlers } from './queue-handlers.js';
import { settingsHandlers } from './settings-handlers.js';
import { slideHandlers } from './slide-handlers.js';
import type { AppServiceOptions, LocalAppService } from './types.js';
import { watchHandlers } from './watch-handlers.js';

export { appErrorInfo, describeAppError } from './describe-error.js';

const PREDICTION_POLL_MS = 3000;

/**
 * Handlers whose module is imported on the group's first command: what only they need (the ImageScope XML parser
 * of the annotation commands) is not loaded for the many commands that never use it.
 */
function lazyHandlers<K extends CommandName>(
  names: readonly K[],
  load: () => Promise<Pick<AppHandlers, K>>,
): Pick<AppHandlers, K> {
  let group: Promise<Pick<AppHandlers, K>> | undefined;
  const entries = names.map((name) => {
    const handler = async (args: never) => {
      const handlers = await (group ??= load());
      return (handlers[name] as (args: never) => Promise<unknown>)(args);
    };
    return [name, handler] as const;
  });
  return Object.fromEntries(entries) as Pick<AppHandlers, K>;
}

/**
 * The Node side of the desktop app, shared by the Electron engine process and the browser host: every
 * non-platform command over the upload engine, the watch folders and the PathomIQ API (or the embedded
 * sandbox), and one stream of events. Plain Node; `platform.*` commands come from the host.
 */
export function createAppService(options: AppServiceOptions): LocalAppService {
  const hub = new EventHub();
  const core = new AppCore(options, hub);
  const downloads = new Downloads((event) => hub.emit(event));
  const predictions = new PredictionWatch(core, options.tuning?.predictionPollMs ?? PREDICTION_POLL_MS);

  const handlers: AppHandlers = {
    ...settingsHandlers(core),
    ...queueHandlers(core),
    ...watchHandlers(core),
    ...imageHandlers(core, downloads),
    ...predictionHandlers(core, predictions),
    ...lazyHandlers(['annotations.import', 'annotations.exportPrediction'], async () =>
      (await import('./annotation-handlers.js')).annotationHandlers(core),
    ),
    ...slideHandlers(core, new SlidePreviews({ dir: path.join(options.stateDir, 'previews') })),
    ...browseHandlers(),
    ...options.platform,
  };

  let closing: Promise<void> | undefined;
  return {
    handlers,
    on: (listener) => hub.on(listener),
    start: () => core.start(),
    connection: () => core.connection(),
    close: () =>
      (closing ??= (async () => {
        predictions.close();
        await downloads.close();
        await core.close();
      })()),
  };
}
