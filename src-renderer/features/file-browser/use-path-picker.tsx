import { useRef, useState, type ReactNode } from 'react';
import { runAction } from '../../app/run-action.js';
import { appClient } from '../../platform/app-client.js';
import type { BrowseMode } from './browse-mode.js';
import { lastFolder, rememberFolder } from './browse-memory.js';
import { FileBrowserDialog } from './FileBrowserDialog.js';

export interface PathPicker {
  /** The native dialog where there is one (Electron), else the in-app browser; resolves [] when cancelled. */
  pick(mode: BrowseMode): Promise<string[]>;
  /** The in-app browser directly, with a line saying why (e.g. after a drop the browser could not use). */
  browse(mode: BrowseMode, hint?: string): Promise<string[]>;
  picking: boolean;
  /** Render it anywhere, inside another dialog too (Escape closes only the innermost one). */
  dialog: ReactNode;
}

interface Open {
  mode: BrowseMode;
  hint: string | undefined;
  resolve: (paths: string[]) => void;
}

/** One way to ask for paths, whichever window the UI runs in; callers treat the answer as a native dialog's. */
export function usePathPicker(): PathPicker {
  const [open, setOpen] = useState<Open | null>(null);
  const [picking, setPicking] = useState(false);
  const pending = useRef<Open | null>(null);

  const browse = (mode: BrowseMode, hint?: string) =>
    new Promise<string[]>((resolve) => {
      // A second request while one is open answers the first with nothing.
      pending.current?.resolve([]);
      pending.current = { mode, hint, resolve };
      setOpen(pending.current);
    });

  const pick = async (mode: BrowseMode) => {
    setPicking(true);
    const picked = await runAction('Could not open the file picker', () =>
      appClient.send('platform.pickPaths', { kind: mode === 'files' ? 'files' : 'folder' }),
    );
    setPicking(false);
    if (!picked) return [];
    // The host says whether it can show a native dialog: the browser host cannot, so we browse its folders here.
    return picked.supported ? picked.paths : browse(mode);
  };

  const dialog = open && (
    <FileBrowserDialog
      mode={open.mode}
      hint={open.hint}
      start={lastFolder()}
      onDone={(paths, folder) => {
        rememberFolder(folder);
        pending.current = null;
        setOpen(null);
        open.resolve(paths ?? []);
      }}
    />
  );
  return { pick, browse, picking, dialog };
}
