import type { AppHandlers, ImageRow } from '../../src-shared/app/index.js';
import type { AppContext } from './app-context.js';
import type { Downloads } from './downloads.js';
import { findImage } from './find-image.js';

type ImageCommand =
  'images.list' | 'images.get' | 'images.delete' | 'images.share' | 'images.download' | 'logs.list';

export function imageHandlers(ctx: AppContext, downloads: Downloads): Pick<AppHandlers, ImageCommand> {
  return {
    'images.list': async ({ scope }) => {
      const { api, ...connection } = await ctx.server();
      if (scope === 'mine') {
        // ownerId names whose list a row came from, which only the all-users view needs.
        const images = await api.listImagesOfUser(ctx.userOf(connection));
        return images.map((image): ImageRow => ({ ...image, ownerId: null }));
      }
      const users = await api.listUsersWithImages();
      return users.flatMap((user) =>
        user.images.map((image): ImageRow => ({ ...image, ownerId: user.userid })),
      );
    },
    'images.get': async ({ imageUniqueId }) => {
      const { api, userId } = await ctx.server();
      return findImage(api, userId, imageUniqueId);
    },
    'images.delete': async ({ imageUniqueId }) => {
      const { api } = await ctx.server();
      const result = await api.deleteImage(imageUniqueId);
      return { status: result.status ?? 'Image deleted' };
    },
    'images.share': async ({ imageUniqueId, action, userIds }) => {
      const { api, userId } = await ctx.server();
      const result = await api.shareImage(action, { imageid: imageUniqueId, userid: userIds });
      return result.image ?? findImage(api, userId, imageUniqueId);
    },
    'images.download': async ({ imageUniqueId, to }) => {
      const { api, userId } = await ctx.server();
      const image = await findImage(api, userId, imageUniqueId);
      if (to) return downloads.start(api, image, to.folder, { fileName: to.fileName, replace: to.replace });
      return downloads.start(api, image, ctx.settings().downloadDir ?? ctx.options.defaultDownloadDir);
    },
    'logs.list': async ({ imageUniqueId }) => {
      const { api } = await ctx.server();
      return api.listLogs(imageUniqueId ?? undefined);
    },
  };
}
