import { useState } from 'react';
import type { SettingsView } from '../../../src-shared/app/index.js';
import { runAction } from '../../app/run-action.js';
import { appClient } from '../../platform/app-client.js';
import { useStatusStore } from '../../stores/status-store.js';
import { notify } from '../../stores/notifications-store.js';
import { Badge, Button, ConfirmDialog, TextField } from '../../ui/index.js';

/** The API token: typed once, stored by the uploader (never shown again, never kept in this window). */
export function TokenSection({ settings }: { settings: SettingsView }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const where =
    settings.tokenStorage === 'keychain'
      ? 'Saved in the system keychain'
      : 'Kept for this session only (browser): enter it again after a restart';

  const save = async (value: string | null) => {
    if (value !== null && value.trim() === '') {
      setError('Paste the API token you received from PathomIQ.');
      return;
    }
    setSaving(true);
    const updated = await runAction(
      value === null ? 'Could not remove the token' : 'Could not save the token',
      () => appClient.send('settings.setToken', { token: value === null ? null : value.trim() }),
    );
    setSaving(false);
    setConfirmRemove(false);
    if (!updated) return;
    useStatusStore.getState().setSettings(updated);
    setToken('');
    setError(null);
    notify({ level: 'success', title: value === null ? 'Token removed' : 'Token saved', body: '' });
  };

  return (
    <section className="settings-section" aria-labelledby="settings-token">
      <h2 className="settings-section__title" id="settings-token">
        API token
      </h2>
      <p className="settings-section__note">
        {settings.hasToken ? <Badge tone="success">Token set</Badge> : <Badge tone="warning">No token</Badge>}
        <span className="muted">
          {settings.hasToken ? where : 'The sandbox needs none; a real server does.'}
        </span>
      </p>
      {/* Not a <form>: it sits inside the settings form; Enter saves the token, not the other settings. */}
      <div className="settings-section__row settings-section__row--field">
        <TextField
          label={settings.hasToken ? 'Replace the token' : 'Token'}
          type="password"
          autoComplete="off"
          onKeyDown={(event) => {
            if (event.key !== 'Enter') return;
            event.preventDefault();
            void save(token);
          }}
          spellCheck={false}
          value={token}
          onChange={(value) => {
            setToken(value);
            setError(null);
          }}
          error={error}
          hint={settings.tokenStorage === 'keychain' ? 'Encrypted by your operating system.' : where}
        />
        <Button busy={saving} onClick={() => void save(token)}>
          Save token
        </Button>
        {settings.hasToken && (
          <Button variant="ghost" onClick={() => setConfirmRemove(true)}>
            Remove
          </Button>
        )}
      </div>
      <ConfirmDialog
        open={confirmRemove}
        title="Remove the API token?"
        confirmLabel="Remove token"
        busy={saving}
        onConfirm={() => void save(null)}
        onCancel={() => setConfirmRemove(false)}
      >
        <p>Uploads to your server stop until a token is entered again.</p>
      </ConfirmDialog>
    </section>
  );
}
