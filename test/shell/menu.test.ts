import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { menuTemplate, type MenuActions } from '../../electron/shell/menu.js';
import { electronAddonPath } from '../../electron/shell/native.js';
import { bundlePathsFromArgv } from '../../electron/shell/open-files.js';
import { ShellSettings } from '../../electron/shell/settings.js';

interface Item {
  label?: string;
  role?: string;
  accelerator?: string;
  enabled?: boolean;
  submenu?: Item[];
  click?: () => void;
}

type Mock = ReturnType<typeof vi.fn<() => void>>;
const actions = (): { [K in keyof MenuActions]: Mock } => ({
  newEntry: vi.fn<() => void>(),
  importBundle: vi.fn<() => void>(),
  exportBundle: vi.fn<() => void>(),
  backUp: vi.fn<() => void>(),
  restore: vi.fn<() => void>(),
  compact: vi.fn<() => void>(),
  openCatalogue: vi.fn<() => void>(),
  openRecent: vi.fn<() => void>(),
  clearRecent: vi.fn<() => void>(),
  about: vi.fn<() => void>(),
  shortcuts: vi.fn<() => void>(),
});

const find = (items: Item[], label: string): Item => {
  const item = items.find((i) => i.label === label || i.role === label);
  if (!item) throw new Error(`no ${label}`);
  return item;
};

describe('menus', () => {
  it('has File, Edit, View, Window and Help, with About and shortcuts under Help', () => {
    const a = actions();
    const menu = menuTemplate(a, { platform: 'linux', recent: [], development: false, language: 'en' }) as Item[];
    expect(menu.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    expect(menu.map((m) => m.role)).toEqual([undefined, 'editMenu', undefined, 'windowMenu', 'help']);
    const help = find(menu, 'help').submenu ?? [];
    find(help, 'About Ratio').click?.();
    find(help, 'Keyboard shortcuts').click?.();
    expect(a.about).toHaveBeenCalled();
    expect(a.shortcuts).toHaveBeenCalled();
    // No developer tools or reload in a packaged app.
    expect((find(menu, 'View').submenu ?? []).map((i) => i.role)).not.toContain('toggleDevTools');
  });

  it('wires each File item to its action, with shortcuts', () => {
    const a = actions();
    const file = find(menuTemplate(a, { platform: 'win32', recent: [], development: true, language: 'en' }) as Item[], 'File').submenu ?? [];
    const pairs: [string, keyof MenuActions][] = [
      ['New entry', 'newEntry'],
      ['Import bundle…', 'importBundle'],
      ['Export bundle…', 'exportBundle'],
      ['Back up catalogue…', 'backUp'],
      ['Restore catalogue from backup…', 'restore'],
      ['Compact catalogue…', 'compact'],
      ['Open catalogue…', 'openCatalogue'],
    ];
    for (const [label, action] of pairs) {
      find(file, label).click?.();
      expect(a[action], label).toHaveBeenCalledTimes(1);
    }
    expect(find(file, 'New entry').accelerator).toBe('CmdOrCtrl+N');
    expect(find(file, 'Open recent').submenu?.[0]).toMatchObject({ label: 'No recent catalogues', enabled: false });
  });

  it('lists recent catalogues and puts the app menu first on macOS', () => {
    const a = actions();
    const menu = menuTemplate(a, { platform: 'darwin', recent: ['/data/plant/catalogue'], development: false, language: 'en' }) as Item[];
    expect(menu[0]?.label).toBe('Ratio');
    const recent = find(find(menu, 'File').submenu ?? [], 'Open recent').submenu ?? [];
    recent[0]?.click?.();
    expect(a.openRecent).toHaveBeenCalledWith('/data/plant/catalogue');
    find(recent, 'Clear recent').click?.();
    expect(a.clearRecent).toHaveBeenCalled();
  });
});

describe('files opened from the system', () => {
  it('takes existing .ratio files from argv, relative to the working directory, and nothing else', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratio-argv-'));
    fs.writeFileSync(path.join(dir, 'a.ratio'), '');
    fs.writeFileSync(path.join(dir, 'B.RATIO'), '');
    fs.mkdirSync(path.join(dir, 'folder.ratio'));
    const found = bundlePathsFromArgv(
      ['/opt/Ratio/ratio', '--enable-logging', 'a.ratio', path.join(dir, 'B.RATIO'), 'missing.ratio', 'folder.ratio', 'notes.txt', '--x=y.ratio'],
      dir,
    );
    expect(found).toEqual([path.join(dir, 'a.ratio'), path.join(dir, 'B.RATIO')]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('shell settings', () => {
  it('remembers up to eight recent catalogues, most recent first, and survives a damaged file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratio-settings-'));
    const file = path.join(dir, 'shell-settings.json');
    const settings = new ShellSettings(file);
    for (let i = 0; i < 10; i += 1) settings.remember(`/c/${i}`);
    settings.remember('/c/5');
    expect(new ShellSettings(file).recent).toEqual(['/c/5', '/c/9', '/c/8', '/c/7', '/c/6', '/c/4', '/c/3', '/c/2']);
    fs.writeFileSync(file, '{not json');
    expect(new ShellSettings(file).recent).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('the Electron build of better-sqlite3', () => {
  it('is looked up beside the Node build in development and in resources/native when packaged', () => {
    expect(electronAddonPath({ isPackaged: false, appPath: '/src/ratio', resourcesPath: '/x' })).toBe(
      path.join('/src/ratio', 'node_modules', '.ratio-electron', 'better_sqlite3.node'),
    );
    expect(electronAddonPath({ isPackaged: true, appPath: '/opt/Ratio/resources/app.asar', resourcesPath: '/opt/Ratio/resources' })).toBe(
      path.join('/opt/Ratio/resources', 'native', 'better_sqlite3.node'),
    );
  });
});
