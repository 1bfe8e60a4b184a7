import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';

/** What the menu items do; main supplies them (dialogs, the core, commands to the renderer). */
export interface MenuActions {
  newEntry(): void;
  importBundle(): void;
  exportBundle(): void;
  backUp(): void;
  restore(): void;
  openCatalogue(): void;
  openRecent(dir: string): void;
  clearRecent(): void;
  about(): void;
  shortcuts(): void;
}

export interface MenuContext {
  platform: NodeJS.Platform;
  /** Recently opened catalogue folders, most recent first. */
  recent: readonly string[];
  /** Developer tools and reload only in a development run. */
  development: boolean;
}

/** The keyboard shortcuts, listed once for the menu and for Help › Keyboard shortcuts. */
export const SHORTCUTS = {
  newEntry: 'CmdOrCtrl+N',
  importBundle: 'CmdOrCtrl+I',
  exportBundle: 'CmdOrCtrl+E',
  openCatalogue: 'CmdOrCtrl+Shift+O',
  shortcuts: 'CmdOrCtrl+/',
} as const;

export function menuTemplate(actions: MenuActions, context: MenuContext): MenuItemConstructorOptions[] {
  const mac = context.platform === 'darwin';
  const recent: MenuItemConstructorOptions[] =
    context.recent.length === 0
      ? [{ label: 'No recent catalogues', enabled: false }]
      : [
          ...context.recent.map((dir) => ({
            label: `${path.basename(path.dirname(dir))}/${path.basename(dir)}`,
            sublabel: dir,
            click: () => actions.openRecent(dir),
          })),
          { type: 'separator' as const },
          { label: 'Clear recent', click: () => actions.clearRecent() },
        ];

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'New entry', accelerator: SHORTCUTS.newEntry, click: () => actions.newEntry() },
      { type: 'separator' },
      { label: 'Import bundle…', accelerator: SHORTCUTS.importBundle, click: () => actions.importBundle() },
      { label: 'Export bundle…', accelerator: SHORTCUTS.exportBundle, click: () => actions.exportBundle() },
      { type: 'separator' },
      { label: 'Back up catalogue…', click: () => actions.backUp() },
      { label: 'Restore catalogue from backup…', click: () => actions.restore() },
      { type: 'separator' },
      { label: 'Open catalogue…', accelerator: SHORTCUTS.openCatalogue, click: () => actions.openCatalogue() },
      { label: 'Open recent', submenu: recent },
      ...(mac ? [] : [{ type: 'separator' as const }, { role: 'quit' as const }]),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...(context.development ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }, { type: 'separator' as const }] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { label: 'Keyboard shortcuts', accelerator: SHORTCUTS.shortcuts, click: () => actions.shortcuts() },
      ...(mac ? [] : [{ label: 'About Ratio', click: () => actions.about() }]),
    ],
  };
  const appMenu: MenuItemConstructorOptions = {
    label: 'Ratio',
    submenu: [
      { label: 'About Ratio', click: () => actions.about() },
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
  return [...(mac ? [appMenu] : []), file, { role: 'editMenu' }, view, { role: 'windowMenu' }, help];
}
