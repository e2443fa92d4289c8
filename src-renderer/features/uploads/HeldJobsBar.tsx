import { useEffect, useMemo, useState } from 'react';
import { useQueueStore } from '../../stores/queue-store.js';
import { useStatusStore } from '../../stores/status-store.js';
import { AlertIcon, Button, ConfirmDialog, SendIcon, plural } from '../../ui/index.js';
import {
  currentServerAddress,
  currentServerName,
  heldBarTitle,
  heldOrigins,
  isHeld,
  sendAllConfirmText,
  sendAllTargets,
  shortServerName,
} from './destination-text.js';
import { sendAllHere } from './queue-actions.js';
import { sendAllLabel } from './queue-summary.js';

/**
 * Above the list while jobs wait for another server: which server they were for, that nothing is sent until the
 * user chooses, and (for several) one "Send all … instead" — confirmed first, as it moves patient data to
 * another server.
 */
export function HeldJobsBar() {
  const jobs = useQueueStore((state) => state.jobs);
  const server = useStatusStore((state) => state.status?.server);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const held = useMemo(() => jobs.values().filter(isHeld), [jobs]);
  // Held jobs gone while asking (sent, or the server set back): the question must not pop up again later.
  useEffect(() => {
    if (held.length === 0) setConfirming(false);
  }, [held.length]);
  if (held.length === 0) return null;

  const current = currentServerName(server);
  const origins = heldOrigins(held);
  const send = async () => {
    if (current === null) return;
    setBusy(true);
    await sendAllHere(sendAllTargets(jobs.values()), current);
    setBusy(false);
    setConfirming(false);
  };

  return (
    <div className="held-bar" role="region" aria-label="Held for another server">
      <span className="held-bar__icon">
        <AlertIcon size={16} />
      </span>
      <p className="held-bar__text">
        <strong>{heldBarTitle(held.length, origins.map(shortServerName))}</strong>{' '}
        {current === null
          ? 'The app has no server set now; choose one in Settings to send them there.'
          : `The app now uploads to ${current}; nothing is sent until you choose.`}
      </p>
      {current !== null && held.length > 1 && (
        <Button size="sm" icon={<SendIcon size={14} />} onClick={() => setConfirming(true)}>
          {sendAllLabel(held.length, current)}
        </Button>
      )}
      <ConfirmDialog
        open={confirming}
        title={`Send ${plural(held.length, 'held job')} to ${current ?? 'this server'}?`}
        confirmLabel={`Send to ${current ?? 'this server'}`}
        cancelLabel="Keep them held"
        tone="primary"
        busy={busy}
        onConfirm={() => void send()}
        onCancel={() => setConfirming(false)}
      >
        <p>{sendAllConfirmText(origins, currentServerAddress(server) ?? 'this server')}</p>
      </ConfirmDialog>
    </div>
  );
}
