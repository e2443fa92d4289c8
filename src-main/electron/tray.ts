import { Menu, nativeImage, Tray } from 'electron';
import { APP_TITLE } from './window.js';
import { TRAY_ICON_DATA_URL } from './tray-icon.js';

export interface TrayActions {
  pauseAll(): void;
  resumeAll(): void;
  open(): void;
  quit(): void;
}

export interface AppTray {
  setStatus(line: string): void;
  destroy(): void;
}

/** The tray icon: how the queue is doing, pause/resume everything, open the window, quit. */
export function setupTray(actions: TrayActions): AppTray {
  const tray = new Tray(nativeImage.createFromDataURL(TRAY_ICON_DATA_URL));
  let current = '';

  const render = (line: string): void => {
    tray.setToolTip(`${APP_TITLE}: ${line}`);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: line, enabled: false },
        { type: 'separator' },
        { label: 'Pause all', click: actions.pauseAll },
        { label: 'Resume all', click: actions.resumeAll },
        { type: 'separator' },
        { label: `Open ${APP_TITLE}`, click: actions.open },
        { label: 'Quit', click: actions.quit },
      ]),
    );
  };

  tray.on('click', actions.open);
  render('No uploads running');
  return {
    // Progress arrives several times a second; the menu is rebuilt only when its words change.
    setStatus: (line) => {
      if (line === current) return;
      current = line;
      render(line);
    },
    destroy: () => tray.destroy(),
  };
}
