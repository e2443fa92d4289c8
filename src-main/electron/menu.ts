import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import type { AppScreen } from '../../src-shared/app/index.js';

export interface MenuActions {
  addFiles(): void;
  addFolder(): void;
  navigate(screen: AppScreen): void;
  about(): void;
  quit(): void;
  /** "Check for updates…", worded after the update state (setupMenu is called again when it changes). */
  updateItem(): MenuItemConstructorOptions;
}

const isMac = process.platform === 'darwin';

export function appMenuTemplate(actions: MenuActions): MenuItemConstructorOptions[] {
  const view = (label: string, screen: AppScreen, accelerator: string): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => actions.navigate(screen),
  });
  return [
    ...(isMac ? [macAppMenu(actions.updateItem())] : []),
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
    {
      role: 'help',
      submenu: [
        ...(isMac ? [] : [actions.updateItem(), { type: 'separator' } as const]),
        { label: `About ${app.getName()}`, click: actions.about },
      ],
    },
  ];
}

/** Electron's standard macOS app menu, plus "Check for updates…" where Mac apps have it. */
function macAppMenu(updateItem: MenuItemConstructorOptions): MenuItemConstructorOptions {
  return {
    label: app.getName(),
    submenu: [
      { role: 'about' },
      updateItem,
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };
}

export function setupMenu(actions: MenuActions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(actions)));
}
