import { useEffect, useState } from 'react';
import { runAction } from '../../app/run-action.js';
import { appClient } from '../../platform/app-client.js';
import { useNavStore } from '../../stores/nav-store.js';
import { useStatusStore } from '../../stores/status-store.js';
import { notify } from '../../stores/notifications-store.js';
import { DeidentifyCheckbox } from '../uploads/DeidentifyCheckbox.js';
import {
  Button,
  Checkbox,
  ErrorBanner,
  LoadingState,
  NumberField,
  ScreenHeader,
  TextField,
} from '../../ui/index.js';
import {
  downloadFolderHint,
  draftFromSettings,
  parseSettingsDraft,
  type SettingsDraft,
  type SettingsErrors,
} from './settings-draft.js';
import { ServerSection } from './ServerSection.js';
import { TokenSection } from './TokenSection.js';
import { UnsavedChangesDialog } from './UnsavedChangesDialog.js';
import { UpdatesSection } from './UpdatesSection.js';
import { useLeaveWindowGuard } from './use-leave-window-guard.js';
import { windowCloseGuard } from '../../platform/window-close-guard.js';
import './settings.css';

/** Server, user, token, transfer limits, downloads and app behaviour. */
export function SettingsScreen() {
  const settings = useStatusStore((state) => state.settings);
  const host = useStatusStore((state) => state.status?.host ?? null);
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [saving, setSaving] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    if (settings && draft === null) setDraft(draftFromSettings(settings));
  }, [settings, draft]);

  const dirty =
    settings !== null &&
    draft !== null &&
    JSON.stringify(draft) !== JSON.stringify(draftFromSettings(settings));
  const pendingScreen = useNavStore((state) => state.pending);
  // While edits are unsaved, leaving asks first (UnsavedChangesDialog); nothing is held once the screen is gone.
  useEffect(() => useNavStore.getState().setHoldsUnsaved(dirty), [dirty]);
  useEffect(() => () => useNavStore.getState().setHoldsUnsaved(false), []);
  // Closing the window (Electron asks first) opens the same dialog; a browser tab gets the browser's prompt.
  const [closeAsked, setCloseAsked] = useState(false);
  useLeaveWindowGuard(dirty, () => setCloseAsked(true));

  const reload = async () => {
    setLoadError(null);
    const loaded = await runAction('Could not load the settings', () => appClient.send('settings.get'));
    if (loaded) useStatusStore.getState().setSettings(loaded);
    else setLoadError('The uploader did not send its settings.');
  };

  if (!settings || !draft) {
    return (
      <section className="screen" aria-labelledby="settings-title">
        <ScreenHeader id="settings-title" title="Settings" />
        {loadError ? (
          <ErrorBanner title="Could not load the settings" onRetry={() => void reload()}>
            {loadError}
          </ErrorBanner>
        ) : (
          <LoadingState label="Loading settings…" />
        )}
      </section>
    );
  }

  const update = (patch: Partial<SettingsDraft>) => {
    setDraft({ ...draft, ...patch });
    const cleared = { ...errors };
    for (const key of Object.keys(patch)) delete cleared[key as keyof SettingsDraft];
    setErrors(cleared);
  };
  /** True once saved; false when a field is wrong or the uploader refused (the reason is shown either way). */
  const save = async (): Promise<boolean> => {
    const parsed = parseSettingsDraft(draft);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return false;
    }
    setSaving(true);
    const saved = await runAction('Could not save the settings', () =>
      appClient.send('settings.update', parsed.patch),
    );
    setSaving(false);
    if (!saved) return false;
    useStatusStore.getState().setSettings(saved);
    setDraft(draftFromSettings(saved));
    notify({ level: 'success', title: 'Settings saved', body: '' });
    return true;
  };
  const nav = useNavStore.getState();
  // Leaving is either another screen (the nav store holds it) or the window closing (the shell waits for an answer).
  const proceed = () => {
    if (closeAsked) {
      setCloseAsked(false);
      windowCloseGuard?.answerClose(true);
    } else nav.proceed();
  };
  const stay = () => {
    if (closeAsked) {
      setCloseAsked(false);
      windowCloseGuard?.answerClose(false);
    } else nav.stay();
  };
  // Save, then leave; a field in error keeps the user here to see it.
  const saveAndLeave = async () => {
    if (await save()) proceed();
    else stay();
  };
  const discardAndLeave = () => {
    setDraft(draftFromSettings(settings));
    setErrors({});
    proceed();
  };

  return (
    <section className="screen settings-screen" aria-labelledby="settings-title">
      <ScreenHeader
        id="settings-title"
        title="Settings"
        actions={
          <>
            <Button
              variant="ghost"
              disabled={!dirty || saving}
              onClick={() => setDraft(draftFromSettings(settings))}
            >
              Discard changes
            </Button>
            <Button variant="primary" busy={saving} disabled={!dirty} onClick={() => void save()}>
              Save
            </Button>
          </>
        }
      />
      <form
        className="settings-form card"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <ServerSection draft={draft} errors={errors} update={update} />
        <TokenSection settings={settings} />
        <section className="settings-section" aria-labelledby="settings-transfers">
          <h2 className="settings-section__title" id="settings-transfers">
            Transfers
          </h2>
          <div className="settings-section__grid">
            <NumberField
              label="Files at once"
              value={draft.fileConcurrency}
              onChange={(fileConcurrency) => update({ fileConcurrency })}
              error={errors.fileConcurrency}
              hint="1 to 16 slides upload side by side."
            />
            <NumberField
              label="Parts in flight"
              value={draft.partConcurrency}
              onChange={(partConcurrency) => update({ partConcurrency })}
              error={errors.partConcurrency}
              hint="8 MiB pieces sent at once, shared by all files (1 to 32); more helps on fast, distant links."
            />
            <NumberField
              label="Bandwidth limit (MiB/s)"
              inputMode="decimal"
              optional
              value={draft.limitMiBps}
              onChange={(limitMiBps) => update({ limitMiBps })}
              error={errors.limitMiBps}
              hint="1 MiB/s = 1,048,576 bytes a second, as --limit-rate 1M. Empty: as fast as the network allows."
            />
          </div>
          {settings.limitRateNote && (
            // Said once: the conversion it reports is recorded and never runs again.
            <p className="settings-section__note settings-section__note--notice" role="note">
              {settings.limitRateNote}
            </p>
          )}
          <DeidentifyCheckbox
            label="De-identify new batches by default (labels and identifying details removed)"
            checked={draft.deidentifyByDefault}
            onChange={(deidentifyByDefault) => update({ deidentifyByDefault })}
          />
        </section>
        <section className="settings-section" aria-labelledby="settings-app">
          <h2 className="settings-section__title" id="settings-app">
            Downloads and notifications
          </h2>
          <TextField
            label="Download folder"
            optional
            value={draft.downloadDir}
            onChange={(downloadDir) => update({ downloadDir })}
            error={errors.downloadDir}
            placeholder={settings.defaultDownloadDir}
            spellCheck={false}
            hint={downloadFolderHint(settings)}
          />
          <Checkbox
            label="Show notifications"
            hint="When uploads finish or fail, and when predictions are ready."
            checked={draft.notifications}
            onChange={(notifications) => update({ notifications })}
          />
          {host === 'electron' && (
            <Checkbox
              label="Start at login"
              hint="Keeps watch folders working after a restart."
              checked={draft.startAtLogin}
              onChange={(startAtLogin) => update({ startAtLogin })}
            />
          )}
        </section>
        {host === 'electron' && <UpdatesSection draft={draft} errors={errors} update={update} />}
        <button type="submit" hidden />
      </form>
      <UnsavedChangesDialog
        open={pendingScreen !== null || closeAsked}
        saving={saving}
        onSave={() => void saveAndLeave()}
        onDiscard={discardAndLeave}
        onStay={stay}
      />
    </section>
  );
}
