import type { AppHandlers } from '../../src-shared/app/index.js';
import type { AppContext } from './app-context.js';

type WatchCommand = Extract<keyof AppHandlers, `watch.${string}`>;

/** Watch folders are saved beside the queue; the watch service validates paths and reports in words. */
export function watchHandlers(ctx: AppContext): Pick<AppHandlers, WatchCommand> {
  const watch = async () => (await ctx.connection()).watch;
  return {
    'watch.list': async () => (await watch()).list(),
    'watch.add': async (settings) => (await watch()).add(settings),
    'watch.update': async ({ id, settings }) => (await watch()).update(id, settings),
    'watch.setEnabled': async ({ id, enabled }) => (await watch()).setEnabled(id, enabled),
    'watch.remove': async ({ id }) => (await watch()).remove(id),
    'watch.history': async (args) => (await watch()).fileHistory(args),
  };
}
