import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import type { AppScreen } from '../../src-shared/app/index.js';

export interface MenuActions {
  addFiles(): void;
  addFolder(): void;
  navigate(screen: AppScreen): void;
  about(): void;
  quit(): void;
}

const isMac = process.platform === 'darwin';

export function appMenuTemplate(actions: MenuActions): MenuItemConstructorOptions[] {
  const view = (label: string, screen: AppScreen, accelerator: string): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => actions.navigate(screen),
  });
  return [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Add files…', accelerator: 'CmdOrCtrl+O', click: actions.addFiles },
        { label: 'Add folder…', accelerator: 'CmdOrCtrl+Shift+O', click: actions.addFolder },
        { type: 'separator' },
        { label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: actions.quit },
      ],
    },
    // Cut/copy/paste in text fields need the Edit menu's roles on macOS.
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        view('Uploads', 'uploads', 'CmdOrCtrl+1'),
        view('Watch folders', 'watch-folders', 'CmdOrCtrl+2'),
        view('Images', 'images', 'CmdOrCtrl+3'),
        view('Settings', 'settings', 'CmdOrCtrl+,'),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: `About ${app.getName()}`, click: actions.about }] },
  ];
}

export function setupMenu(actions: MenuActions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(actions)));
}
