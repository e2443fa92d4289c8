import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';
import type { AddOutcome, AppSettings, CommandName, DispatchResult } from '../../src-shared/app/index.js';

export interface AddFromMenuDeps {
  getWindow(): BrowserWindow | null;
  forward(name: CommandName, args: unknown): Promise<DispatchResult>;
  uploadDefaults(): AppSettings['uploadDefaults'];
}

/**
 * File → Add files…/Add folder…: picks in a native dialog and queues with the remembered upload defaults. The
 * uploads screen shows the new jobs; files that could not be queued are listed in a message box.
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
  const response = await deps.forward('queue.add', {
    paths: picked.filePaths,
    metadata: deps.uploadDefaults(),
  });
  const problems = response.ok
    ? (response.result as AddOutcome[]).filter((o) => o.outcome === 'rejected' || o.outcome === 'error')
    : [{ path: picked.filePaths.join(', '), message: response.error.message }];
  if (problems.length === 0) return;
  const detail = problems
    .slice(0, 20)
    .map((problem) => `${problem.path}: ${problem.message}`)
    .join('\n');
  const more = problems.length > 20 ? `\n…and ${problems.length - 20} more.` : '';
  const box = {
    type: 'warning' as const,
    message: `${problems.length} could not be queued`,
    detail: detail + more,
  };
  if (win === null) await dialog.showMessageBox(box);
  else await dialog.showMessageBox(win, box);
}
