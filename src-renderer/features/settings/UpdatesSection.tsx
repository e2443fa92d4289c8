import { describeUpdateStatus, type UpdateStatus } from '../../../src-shared/app/index.js';
import { useUpdateStore } from '../../stores/update-store.js';
import { Badge, ProgressBar, TextField, type Tone } from '../../ui/index.js';
import type { SettingsDraft, SettingsErrors } from './settings-draft.js';

const TONE: Record<UpdateStatus['state'], Tone> = {
  off: 'neutral',
  idle: 'neutral',
  checking: 'neutral',
  'up-to-date': 'success',
  available: 'info',
  downloading: 'info',
  ready: 'warning',
  failed: 'danger',
};

/** Desktop app only: where updates come from, and what the last check found (sent by the Electron shell). */
export function UpdatesSection({
  draft,
  errors,
  update,
}: {
  draft: SettingsDraft;
  errors: SettingsErrors;
  update: (patch: Partial<SettingsDraft>) => void;
}) {
  const status = useUpdateStore((state) => state.status);
  return (
    <section className="settings-section" aria-labelledby="settings-updates">
      <h2 className="settings-section__title" id="settings-updates">
        App updates
      </h2>
      <TextField
        label="Update URL"
        type="url"
        optional
        value={draft.updateUrl}
        onChange={(updateUrl) => update({ updateUrl })}
        error={errors.updateUrl}
        placeholder="https://updates.example.org/pathomiq-uploader/"
        spellCheck={false}
        hint="The folder where new versions are published (with latest.yml). Empty: no updates. Check now from the app menu: Check for updates…"
      />
      {status && (
        <div className="settings-section__note" role="status" aria-live="polite">
          <Badge tone={TONE[status.state]}>{status.state === 'up-to-date' ? 'Up to date' : 'Updates'}</Badge>
          <span>{describeUpdateStatus(status)}</span>
          {status.state === 'downloading' && (
            <ProgressBar value={status.percent / 100} label={`Download of version ${status.version}`} />
          )}
        </div>
      )}
    </section>
  );
}
