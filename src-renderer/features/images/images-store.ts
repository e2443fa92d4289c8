import { create } from 'zustand';
import type { ImageRecord } from '../../../src-shared/api/index.js';
import type { ImageRow } from '../../../src-shared/app/results.js';
import { appClient } from '../../platform/app-client.js';
import { describeError } from '../../stores/describe-error.js';
import { NO_FILTERS, type ImageFilters } from './image-query.js';
import type { ImageSort, SortKey } from './image-sort.js';

export type ImageScope = 'mine' | 'all';
export type ImagesView = 'images' | 'logs';

interface ImagesState {
  scope: ImageScope;
  view: ImagesView;
  rows: ImageRow[];
  /** The first load of a scope; refreshes keep the rows on screen instead. */
  loading: boolean;
  refreshing: boolean;
  error: string | null;
  loadedAt: number | null;
  filters: ImageFilters;
  sort: ImageSort;
  /** Table selection, by {@link rowKey}. */
  selectedKey: string | null;
  /** The image whose details panel is open. */
  detailsUid: string | null;

  setScope(scope: ImageScope): void;
  setView(view: ImagesView): void;
  setFilters(patch: Partial<ImageFilters>): void;
  clearFilters(): void;
  sortBy(key: SortKey): void;
  select(key: string | null): void;
  openDetails(uid: string | null): void;
  load(): Promise<void>;
  /** Puts an image the server returned (after share/predict) into every row showing it. */
  applyImage(image: ImageRecord): void;
  removeImage(uid: string): void;
}

/** Answers of a load for a scope the user already switched away from are dropped. */
let loadSequence = 0;

export const useImagesStore = create<ImagesState>()((set, get) => ({
  scope: 'mine',
  view: 'images',
  rows: [],
  loading: true,
  refreshing: false,
  error: null,
  loadedAt: null,
  filters: NO_FILTERS,
  sort: { key: 'added', direction: 'desc' },
  selectedKey: null,
  detailsUid: null,

  setScope(scope) {
    if (scope === get().scope) return;
    set({ scope, rows: [], loading: true, error: null, loadedAt: null, selectedKey: null });
    void get().load();
  },
  setView: (view) => set({ view }),
  setFilters: (patch) => set((state) => ({ filters: { ...state.filters, ...patch } })),
  clearFilters: () => set({ filters: NO_FILTERS }),
  sortBy(key) {
    const { sort } = get();
    const direction = sort.key === key && sort.direction === 'asc' ? 'desc' : 'asc';
    set({ sort: { key, direction: sort.key === key ? direction : key === 'added' ? 'desc' : 'asc' } });
  },
  select: (selectedKey) => set({ selectedKey }),
  openDetails: (detailsUid) => set({ detailsUid }),

  async load() {
    const sequence = ++loadSequence;
    const { scope, rows } = get();
    set({ refreshing: true, loading: rows.length === 0 && get().loadedAt === null });
    try {
      const images = await appClient.send('images.list', { scope });
      if (sequence === loadSequence) set({ rows: images, loadedAt: Date.now(), error: null });
    } catch (error) {
      if (sequence === loadSequence) set({ error: describeError(error) });
    } finally {
      if (sequence === loadSequence) set({ loading: false, refreshing: false });
    }
  },

  applyImage(image) {
    set((state) => ({
      rows: state.rows.map((row) =>
        row.image_unique_id === image.image_unique_id ? { ...image, ownerId: row.ownerId } : row,
      ),
    }));
  },
  removeImage(uid) {
    set((state) => ({
      rows: state.rows.filter((row) => row.image_unique_id !== uid),
      detailsUid: state.detailsUid === uid ? null : state.detailsUid,
      selectedKey: state.selectedKey?.endsWith(`:${uid}`) ? null : state.selectedKey,
    }));
  },
}));

/** The row of the open details panel (the first listing of it in the all-users view). */
export const useDetailsImage = (): ImageRow | null =>
  useImagesStore((state) =>
    state.detailsUid === null
      ? null
      : (state.rows.find((row) => row.image_unique_id === state.detailsUid) ?? null),
  );
