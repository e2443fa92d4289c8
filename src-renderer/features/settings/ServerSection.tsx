import { useState } from 'react';
import type { ConnectionTest } from '../../../src-shared/app/index.js';
import { runAction } from '../../app/run-action.js';
import { appClient } from '../../platform/app-client.js';
import { Badge, Button, LinkIcon, NumberField, Switch, TextField } from '../../ui/index.js';
import { parseWholeNumber } from '../../ui/parse-number.js';
import type { SettingsDraft, SettingsErrors } from './settings-draft.js';

/** Which server to use, the user, and a connection check with what is typed (nothing is saved by testing). */
export function ServerSection({
  draft,
  errors,
  update,
}: {
  draft: SettingsDraft;
  errors: SettingsErrors;
  update: (patch: Partial<SettingsDraft>) => void;
}) {
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<ConnectionTest | null>(null);

  const test = async () => {
    setTesting(true);
    setResult(null);
    const userId = parseWholeNumber(draft.userId);
    const outcome = await runAction('Could not test the connection', () =>
      appClient.send('settings.testConnection', {
        useSandbox: draft.useSandbox,
        serverUrl: draft.serverUrl.trim(),
        userId: userId.ok ? (userId.value ?? null) : null,
      }),
    );
    setTesting(false);
    if (outcome) setResult(outcome);
  };

  return (
    <section className="settings-section" aria-labelledby="settings-server">
      <h2 className="settings-section__title" id="settings-server">
        Server
      </h2>
      <Switch
        label="Use the built-in sandbox"
        hint="A local test server with example data. Turn off to upload to your PathomIQ server."
        checked={draft.useSandbox}
        onChange={(useSandbox) => update({ useSandbox })}
      />
      {draft.useSandbox && (
        <p className="settings-section__note">
          <Badge tone="warning">Sandbox — test data only</Badge> Nothing is sent to a real server.
        </p>
      )}
      <TextField
        label="Server address"
        type="url"
        value={draft.serverUrl}
        onChange={(serverUrl) => update({ serverUrl })}
        error={errors.serverUrl}
        placeholder="https://pathomiq.example.org/api"
        spellCheck={false}
        disabled={draft.useSandbox}
        hint={draft.useSandbox ? 'Used when the sandbox is off.' : undefined}
      />
      <NumberField
        label="PathomIQ user ID"
        optional={draft.useSandbox}
        value={draft.userId}
        onChange={(userId) => update({ userId })}
        error={errors.userId}
        hint={
          draft.useSandbox
            ? 'Empty uses the sandbox example user (19).'
            : 'Uploads are registered for this user.'
        }
      />
      <div className="settings-section__row">
        <Button icon={<LinkIcon />} busy={testing} onClick={() => void test()}>
          Test connection
        </Button>
        {result && (
          <span
            className={`connection-result connection-result--${result.ok ? 'ok' : 'failed'}`}
            role="status"
            aria-live="polite"
          >
            <Badge tone={result.ok ? 'success' : 'danger'}>{result.ok ? 'Connected' : 'Failed'}</Badge>
            <span>{result.message}</span>
            {result.ok && result.multipart === false && (
              <span className="muted">(no resumable uploads: large files restart after a break)</span>
            )}
          </span>
        )}
      </div>
    </section>
  );
}
