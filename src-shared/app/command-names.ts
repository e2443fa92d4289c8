/**
 * The name of every command, without zod: the Electron preload builds its bridge from this list and must stay free
 * of any runtime (test/security/preload-bundle.test.ts). `commands` in commands.ts is keyed by exactly these names
 * (the type checker refuses a name missing on either side).
 */
export const COMMAND_NAMES = [
  'app.status',
  'settings.get',
  'settings.update',
  'settings.setToken',
  'settings.testConnection',
  'queue.list',
  'queue.jobs',
  'queue.add',
  'queue.pause',
  'queue.resume',
  'queue.cancel',
  'queue.retry',
  'queue.move',
  'queue.clearFinished',
  'queue.forget',
  'queue.retarget',
  'watch.list',
  'watch.add',
  'watch.update',
  'watch.setEnabled',
  'watch.remove',
  'images.list',
  'images.get',
  'slides.inspect',
  'slides.preview',
  'images.delete',
  'images.share',
  'images.download',
  'predictions.start',
  'predictions.stop',
  'logs.list',
  'annotations.import',
  'annotations.exportPrediction',
  'platform.pickPaths',
  'platform.showInFolder',
  'platform.openExternal',
  'files.browse',
  'watch.history',
] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];

export const isCommandName = (name: unknown): name is CommandName =>
  typeof name === 'string' && (COMMAND_NAMES as readonly string[]).includes(name);
