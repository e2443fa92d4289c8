import type { Command } from 'commander';
import type { RunWithContext } from '../parse-options.js';

/** Thin commands over the API client for scripting (images, logs, share, predict, download, annotations). */
export function registerApiCommands(_program: Command, _run: RunWithContext): void {}
