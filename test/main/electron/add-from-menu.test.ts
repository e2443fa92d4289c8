import { describe, expect, it, vi } from 'vitest';
import { addFromMenu } from '../../../src-main/electron/add-from-menu.js';
import { dialog } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

describe('File → Add files…', () => {
  it('hands the picked paths to the Add slides form instead of queueing them with stored details', async () => {
    const stage = vi.fn();
    dialog.showOpenDialog.mockResolvedValueOnce({
      canceled: false,
      filePaths: ['/slides/a.svs', '/slides/b.svs'],
    });
    await addFromMenu('files', { getWindow: () => null, stage });
    expect(stage).toHaveBeenCalledExactlyOnceWith(['/slides/a.svs', '/slides/b.svs']);
  });

  it('does nothing when the dialog is cancelled', async () => {
    const stage = vi.fn();
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    await addFromMenu('folder', { getWindow: () => null, stage });
    expect(stage).not.toHaveBeenCalled();
  });
});
