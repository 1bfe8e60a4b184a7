import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { shellText, type InterfaceLanguage } from './shell-text.js';

/** What the menu items do; main supplies them (dialogs, the core, commands to the renderer). */
export interface MenuActions {
  newEntry(): void;
  importBundle(): void;
  exportBundle(): void;
  backUp(): void;
  restore(): void;
  compact(): void;
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
  /** The interface language the page last told the shell (or the system's, before it has). */
  language: InterfaceLanguage;
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
  const text = shellText(context.language).menu;
  const separator = { type: 'separator' as const };
  const recent: MenuItemConstructorOptions[] =
    context.recent.length === 0
      ? [{ label: text.noRecent, enabled: false }]
      : [
          ...context.recent.map((dir) => ({
            label: `${path.basename(path.dirname(dir))}/${path.basename(dir)}`,
            sublabel: dir,
            click: () => actions.openRecent(dir),
          })),
          separator,
          { label: text.clearRecent, click: () => actions.clearRecent() },
        ];

  const file: MenuItemConstructorOptions = {
    label: text.file,
    submenu: [
      { label: text.newEntry, accelerator: SHORTCUTS.newEntry, click: () => actions.newEntry() },
      separator,
      { label: text.importBundle, accelerator: SHORTCUTS.importBundle, click: () => actions.importBundle() },
      { label: text.exportBundle, accelerator: SHORTCUTS.exportBundle, click: () => actions.exportBundle() },
      separator,
      { label: text.backUp, click: () => actions.backUp() },
      { label: text.restore, click: () => actions.restore() },
      { label: text.compact, click: () => actions.compact() },
      separator,
      { label: text.openCatalogue, accelerator: SHORTCUTS.openCatalogue, click: () => actions.openCatalogue() },
      { label: text.openRecent, submenu: recent },
      ...(mac ? [] : [separator, { role: 'quit' as const, label: context.platform === 'win32' ? text.exit : text.quit }]),
    ],
  };
  // The role items keep Electron's behaviour (and macOS's native handling); only their
  // labels are ours, so that no item of the menu stays in English.
  const edit: MenuItemConstructorOptions = {
    role: 'editMenu',
    label: text.edit,
    submenu: [
      { role: 'undo', label: text.undo },
      { role: 'redo', label: text.redo },
      separator,
      { role: 'cut', label: text.cut },
      { role: 'copy', label: text.copy },
      { role: 'paste', label: text.paste },
      ...(mac ? [{ role: 'pasteAndMatchStyle' as const, label: text.pasteAndMatchStyle }] : []),
      { role: 'delete', label: text.delete },
      separator,
      { role: 'selectAll', label: text.selectAll },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: text.view,
    submenu: [
      ...(context.development
        ? [{ role: 'reload' as const, label: text.reload }, { role: 'toggleDevTools' as const, label: text.toggleDevTools }, separator]
        : []),
      { role: 'resetZoom', label: text.resetZoom },
      { role: 'zoomIn', label: text.zoomIn },
      { role: 'zoomOut', label: text.zoomOut },
      separator,
      { role: 'togglefullscreen', label: text.toggleFullScreen },
    ],
  };
  const windowMenu: MenuItemConstructorOptions = {
    role: 'windowMenu',
    label: text.window,
    submenu: [
      { role: 'minimize', label: text.minimize },
      ...(mac
        ? [{ role: 'zoom' as const, label: text.zoom }, separator, { role: 'front' as const, label: text.front }]
        : [{ role: 'close' as const, label: text.closeWindow }]),
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: text.help,
    submenu: [
      { label: text.shortcuts, accelerator: SHORTCUTS.shortcuts, click: () => actions.shortcuts() },
      ...(mac ? [] : [{ label: text.about, click: () => actions.about() }]),
    ],
  };
  const appMenu: MenuItemConstructorOptions = {
    label: 'Ratio',
    submenu: [
      { label: text.about, click: () => actions.about() },
      separator,
      { role: 'services', label: text.services },
      separator,
      { role: 'hide', label: text.hide },
      { role: 'hideOthers', label: text.hideOthers },
      { role: 'unhide', label: text.showAll },
      separator,
      { role: 'quit', label: text.quitApp },
    ],
  };
  return [...(mac ? [appMenu] : []), file, edit, view, windowMenu, help];
}
