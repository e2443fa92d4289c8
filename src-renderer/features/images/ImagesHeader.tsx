import { Button, formatRelativeTime, RetryIcon, Tabs } from '../../ui/index.js';
import { useImagesStore, type ImageScope, type ImagesView } from './images-store.js';
import { useAction } from './use-action.js';

const SCOPES: ReadonlyArray<{ id: ImageScope; label: string }> = [
  { id: 'mine', label: 'My images' },
  { id: 'all', label: 'All users' },
];

const VIEWS = [
  { id: 'images', label: 'Images' },
  { id: 'logs', label: 'All logs' },
] as const satisfies ReadonlyArray<{ id: ImagesView; label: string }>;

/** Title, images/logs tabs, the source switch and the refresh button. */
export function ImagesHeader() {
  const scope = useImagesStore((state) => state.scope);
  const view = useImagesStore((state) => state.view);
  const loadedAt = useImagesStore((state) => state.loadedAt);
  const { setScope, setView, load } = useImagesStore.getState();
  // Only a click shows the spinner; the background refresh every few seconds stays quiet.
  const refresh = useAction(load);

  return (
    <header className="images-header">
      <div className="images-header__title">
        <h1 id="images-title">Images</h1>
        <Tabs label="Images screen" items={VIEWS} value={view} onChange={setView} idPrefix="images-view" />
      </div>
      {view === 'images' && (
        <div className="images-header__actions">
          <div className="segmented" role="group" aria-label="Whose images">
            {SCOPES.map((item) => (
              <button
                key={item.id}
                type="button"
                className="segmented__item"
                aria-pressed={scope === item.id}
                onClick={() => setScope(item.id)}
              >
                {item.label}
              </button>
            ))}
          </div>
          <span className="images-header__updated muted" aria-live="off">
            {loadedAt !== null && `Updated ${formatRelativeTime(loadedAt)}`}
          </span>
          <Button size="sm" icon={<RetryIcon />} busy={refresh.pending} onClick={() => void refresh.run()}>
            Refresh
          </Button>
        </div>
      )}
    </header>
  );
}
