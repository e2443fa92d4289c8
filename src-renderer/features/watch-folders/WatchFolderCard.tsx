import type { WatchFolderView } from '../../../src-shared/watcher/index.js';
import { Badge, Button, EditIcon, IconButton, Switch, TrashIcon } from '../../ui/index.js';
import { WatchHistory } from './WatchHistory.js';
import { AFTER_UPLOAD_TEXT, watchStatusText } from './watch-status-text.js';

function Count({ label, value, tone }: { label: string; value: number; tone?: 'danger' }) {
  return (
    <div className={`watch-card__count${tone && value > 0 ? ` watch-card__count--${tone}` : ''}`}>
      <dd>{value.toLocaleString('en-US')}</dd>
      <dt>{label}</dt>
    </div>
  );
}

/** One watch folder: status (and its problem, inline), counts, its files' history, and its actions. */
export function WatchFolderCard({
  folder,
  onEdit,
  onRemove,
  onToggle,
}: {
  folder: WatchFolderView;
  onEdit: () => void;
  onRemove: () => void;
  onToggle: (enabled: boolean) => void;
}) {
  const status = watchStatusText(folder);
  const { counts } = folder;
  return (
    <li className="watch-card card" aria-label={`Watch folder ${folder.path}`} data-testid="watch-folder">
      <div className="watch-card__top">
        <div className="watch-card__title">
          <div className="watch-card__path" title={folder.path}>
            {folder.path}
          </div>
          <div className="watch-card__meta">
            <Badge tone={status.tone}>{status.label}</Badge>
            {folder.mode && <span>{folder.mode === 'polling' ? 'Polling' : 'System events'}</span>}
            <span>{folder.depth === null ? 'All subfolders' : `${folder.depth} subfolder levels`}</span>
            <span>{AFTER_UPLOAD_TEXT[folder.afterUpload]}</span>
            <span>Uploads as user {folder.metadata.userid}</span>
          </div>
        </div>
        <div className="watch-card__actions">
          {/* The badge says whether it is watching; the switch only says whether it is meant to. */}
          <Switch
            label="Enabled"
            accessibleName={`Enable watching ${folder.path}`}
            checked={folder.enabled}
            onChange={onToggle}
          />
          <IconButton label={`Edit ${folder.path}`} onClick={onEdit}>
            <EditIcon size={14} />
          </IconButton>
          <IconButton label={`Remove ${folder.path}`} tone="danger" onClick={onRemove}>
            <TrashIcon size={14} />
          </IconButton>
        </div>
      </div>
      {folder.statusMessage && (
        <p
          className={`watch-card__message${status.tone === 'danger' ? ' watch-card__message--danger' : ''}`}
          role={status.tone === 'danger' ? 'alert' : 'status'}
        >
          {folder.statusMessage}
        </p>
      )}
      <dl className="watch-card__counts">
        <Count label="Seen" value={counts.seen} />
        <Count label="Settling" value={counts.settling} />
        <Count label="Queued" value={counts.queued} />
        <Count label="Uploaded" value={counts.uploaded} />
        <Count label="Duplicates" value={counts.duplicates} />
        <Count label="Skipped" value={counts.skipped + counts.held} />
        <Count label="Failed" value={counts.failed} tone="danger" />
      </dl>
      {!folder.enabled && (
        <div>
          <Button size="sm" onClick={() => onToggle(true)}>
            Start watching
          </Button>
        </div>
      )}
      <WatchHistory folder={folder} />
    </li>
  );
}
