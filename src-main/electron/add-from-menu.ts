import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';

export interface AddFromMenuDeps {
  getWindow(): BrowserWindow | null;
  /** Hands the picked paths to the window's Add slides form. */
  stage(paths: string[]): void;
}

/**
 * File → Add files…/Add folder…: picks in a native dialog and puts the picks into the Add slides form. They are
 * not queued from here: patient, study and the rest belong to each batch, so the user fills them in (or sees the
 * ones they chose to keep) and presses Upload, as for slides dropped on the window.
 */
export async function addFromMenu(kind: 'files' | 'folder', deps: AddFromMenuDeps): Promise<void> {
  const win = deps.getWindow();
  const options: OpenDialogOptions = {
    title: kind === 'files' ? 'Add slide files' : 'Add a folder of slides',
    properties: kind === 'files' ? ['openFile', 'multiSelections'] : ['openDirectory'],
  };
  const picked =
    win === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(win, options);
  if (picked.canceled || picked.filePaths.length === 0) return;
  deps.stage(picked.filePaths);
}
