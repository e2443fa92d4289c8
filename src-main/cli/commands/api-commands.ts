import type { Command } from 'commander';
import type { RunWithContext } from '../parse-options.js';
import { registerAnnotationsCommands } from './api/annotations.js';
import { registerDeleteCommand } from './api/delete.js';
import { registerDownloadCommand } from './api/download.js';
import { registerImagesCommand } from './api/images.js';
import { registerLogsCommand } from './api/logs.js';
import { registerPredictCommand } from './api/predict.js';
import { registerShareCommand } from './api/share.js';

/** Thin commands over the API client for scripting (images, logs, share, predict, download, annotations). */
export function registerApiCommands(program: Command, run: RunWithContext): void {
  registerImagesCommand(program, run);
  registerLogsCommand(program, run);
  registerShareCommand(program, run);
  registerPredictCommand(program, run);
  registerDownloadCommand(program, run);
  registerAnnotationsCommands(program, run);
  registerDeleteCommand(program, run);
}
