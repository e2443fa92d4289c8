import path from 'node:path';
import type { AppHandlers } from '../../src-shared/app/index.js';
import { SlidePreviews } from '../slides/previews/index.js';
import { annotationHandlers } from './annotation-handlers.js';
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
export { createFileSettingsPort } from './file-settings-port.js';

const PREDICTION_POLL_MS = 3000;

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
    ...annotationHandlers(core),
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
