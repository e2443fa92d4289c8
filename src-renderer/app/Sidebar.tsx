import { sendingCount } from '../features/uploads/queue-summary.js';
import { useQueueSummary } from '../features/uploads/use-queue-summary.js';
import { useWatchStore, watchProblemCount } from '../stores/watch-store.js';
import { EyeIcon, ImageIcon, SettingsIcon, UploadIcon } from '../ui/index.js';
import { SCREEN_TITLES, SCREENS, useNavStore, type Screen } from '../stores/nav-store.js';

const ICONS: Record<Screen, typeof UploadIcon> = {
  uploads: UploadIcon,
  'watch-folders': EyeIcon,
  images: ImageIcon,
  settings: SettingsIcon,
};

const isMac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);

/** Waiting or sending here; jobs held for another server are neither, so they are not counted. */
function useActiveUploads(): number {
  const summary = useQueueSummary();
  return summary.counts.queued + sendingCount(summary) + summary.retrying;
}

/** The left navigation with live counts: uploads in progress, watch folders that need attention. */
export function Sidebar() {
  const screen = useNavStore((state) => state.screen);
  const go = useNavStore((state) => state.go);
  const activeUploads = useActiveUploads();
  const folders = useWatchStore((state) => state.folders);
  const problems = watchProblemCount(folders);

  const counts: Partial<Record<Screen, { value: number; tone: 'accent' | 'danger'; label: string }>> = {};
  if (activeUploads > 0)
    counts.uploads = {
      value: activeUploads,
      tone: 'accent',
      label: `${activeUploads} uploads waiting or running`,
    };
  if (problems > 0)
    counts['watch-folders'] = {
      value: problems,
      tone: 'danger',
      label: `${problems} watch folders need attention`,
    };

  return (
    <nav className="sidebar" aria-label="Main">
      <div className="sidebar__brand">
        <span className="sidebar__logo" aria-hidden="true">
          P
        </span>
        <span>PathomIQ Uploader</span>
      </div>
      <ul className="sidebar__list">
        {SCREENS.map((id, index) => {
          const Icon = ICONS[id];
          const count = counts[id];
          return (
            <li key={id}>
              <button
                type="button"
                className="sidebar__item"
                aria-current={screen === id ? 'page' : undefined}
                aria-keyshortcuts={`${isMac ? 'Meta' : 'Control'}+${index + 1}`}
                title={`${SCREEN_TITLES[id]} (${isMac ? '⌘' : 'Ctrl+'}${index + 1})`}
                onClick={() => go(id)}
              >
                <Icon />
                <span className="sidebar__label">{SCREEN_TITLES[id]}</span>
                {count && (
                  <span className={`count-pill count-pill--${count.tone}`}>
                    <span aria-hidden="true">{count.value}</span>
                    <span className="visually-hidden">{count.label}</span>
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
