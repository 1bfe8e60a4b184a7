// main.ts end to end against the stand-in electron module and a real core host:
// lifecycle, the IPC registry, sender checks, protocols, menus, dialogs and commands.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import { IPC_SHELL_LANGUAGE_CHANNEL, attachmentUrlFor, ipcChannelFor, type ShellCommand } from '../../shared/bridge.js';
import type { Outcome } from '../../shared/client.js';
import { OPERATION_NAMES } from '../../shared/contract/index.js';

vi.mock('electron', () => import('./fake-electron.js'));

const fake = await import('./fake-electron.js');
const { wireCoreHost } = await import('./core-wire.js');
const { createCoreHost } = await import('../../electron/shell/core-host.js');

type Fake = typeof fake;
type Window = InstanceType<Fake['BrowserWindow']>;
interface MenuItem {
  label?: string;
  role?: string;
  submenu?: MenuItem[];
  click?: () => void;
}

let base: string;
let window: Window;
const bundle = (): string => path.join(base, 'partner.ratio');

function commandsSent(): ShellCommand[] {
  return window.webContents.sent.filter((m) => m.channel === 'ratio-event:command').map((m) => m.payload as ShellCommand);
}

function invoke(op: string, request: unknown, event: Record<string, unknown> = {}): Promise<Outcome<unknown>> {
  const handler = fake.ipcMain.handlers.get(ipcChannelFor(op));
  if (!handler) throw new Error(`no handler for ${op}`);
  const sender = window.webContents;
  return handler({ sender, senderFrame: sender.mainFrame, ...event }, request) as Promise<Outcome<unknown>>;
}

function menuItem(...labels: string[]): MenuItem {
  let items = (fake.Menu.template ?? []) as MenuItem[];
  let found: MenuItem | undefined;
  for (const label of labels) {
    found = items.find((i) => i.label === label);
    if (!found) throw new Error(`no menu item ${labels.join(' › ')}`);
    items = found.submenu ?? [];
  }
  if (!found) throw new Error('no labels');
  return found;
}

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'ratio-main-'));
  fake.app.userData = path.join(base, 'userData');
  fake.app.appPath = path.join(base, 'app');
  // main.ts refuses to start without the Electron build of better-sqlite3; a placeholder
  // satisfies it, and the core host below uses Node's build.
  fs.mkdirSync(path.join(fake.app.appPath, 'node_modules', '.ratio-electron'), { recursive: true });
  fs.writeFileSync(path.join(fake.app.appPath, 'node_modules', '.ratio-electron', 'better_sqlite3.node'), '');
  fs.writeFileSync(bundle(), 'PK');
  fake.utilityProcess.onFork = wireCoreHost;
  // First run: the demo is offered; say yes.
  fake.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false });
  delete process.env.RATIO_CATALOGUE;
  process.argv = [process.argv[0] ?? 'electron', '.', bundle()];

  await import('../../electron/shell/main.js');
  fake.app.makeReady();
  await vi.waitFor(() => expect(fake.BrowserWindow.created).toHaveLength(1), { timeout: 10_000 });
  window = fake.BrowserWindow.created[0] as Window;
  await vi.waitFor(() => expect(fake.dialog.showMessageBox).toHaveBeenCalled(), { timeout: 10_000 });
});

afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('start-up', () => {
  it('registers the privileged schemes, the sandbox and the single-instance lock before ready', () => {
    expect(fake.app.sandboxed).toBe(true);
    expect(fake.protocol.privileged.map((s) => (s as { scheme: string }).scheme)).toEqual(['app', 'ratio-attachment']);
    expect(fake.app.listeners.get('second-instance')).toHaveLength(1);
    expect(fake.app.listeners.get('open-file')).toHaveLength(1);
    expect(fake.app.listeners.get('web-contents-created')).toHaveLength(1);
  });

  it('runs the core in a utility process with the Electron build of better-sqlite3', () => {
    const child = fake.utilityProcess.forked[0];
    expect(child?.modulePath).toMatch(/core-process\.mjs$/);
    const settings = JSON.parse(child?.options.env?.RATIO_CORE_SETTINGS ?? '{}') as { nativeBinding: string };
    expect(settings.nativeBinding).toBe(path.join(fake.app.appPath, 'node_modules', '.ratio-electron', 'better_sqlite3.node'));
  });

  it('creates the catalogue in userData/catalogue and loads the demo when the person accepts', async () => {
    await vi.waitFor(async () => {
      const info = await invoke('catalogue.info', {});
      expect(info).toMatchObject({ ok: true, value: { path: path.join(fake.app.userData, 'catalogue') } });
      expect((info as { ok: true; value: { entries: number } }).value.entries).toBeGreaterThan(40);
    });
  });

  it('relays the core’s progress events to the window', () => {
    const progress = window.webContents.sent.filter((m) => m.channel === 'ratio-event:progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]?.payload).toMatchObject({ task: 'Loading the demo catalogue', done: expect.any(Number), total: expect.any(Number) });
  });

  it('denies permissions in the default session and serves both protocols', () => {
    const session = fake.session.defaultSession;
    const callback = vi.fn();
    session.permissionRequestHandler?.({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(session.permissionCheckHandler?.({}, 'clipboard-read')).toBe(false);
    expect([...fake.protocol.handlers.keys()].sort()).toEqual(['app', 'ratio-attachment']);
  });

  it('serves the open catalogue’s attachments with their recorded type', async () => {
    const dir = path.join(fake.app.userData, 'catalogue', 'attachments');
    const sha = fs.readdirSync(dir).find((f) => /^[0-9a-f]{64}$/.test(f));
    const handler = fake.protocol.handlers.get('ratio-attachment');
    const response = await handler?.(new Request(`ratio-attachment://catalogue/${sha}`));
    expect(response?.status).toBe(200);
    expect(response?.headers.get('content-type')).toMatch(/^image\//);
  });
});

describe('the IPC registry', () => {
  it('has exactly one handler per contract operation, the interface language, and no other', () => {
    const expected = [...OPERATION_NAMES.map(ipcChannelFor), IPC_SHELL_LANGUAGE_CHANNEL].sort();
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(expected);
    expect([...fake.ipcMain.registrations].sort()).toEqual(expected);
    expect(fake.ipcMain.on).not.toHaveBeenCalled();
  });

  it('rejects messages from a foreign frame, window or origin', async () => {
    const main = window.webContents.mainFrame;
    expect(main.url).toBe('app://ratio/index.html');
    const other = new fake.FakeWebContents();
    other.mainFrame.url = 'app://ratio/index.html';
    const foreign: [string, Record<string, unknown>][] = [
      ['an iframe of our page', { senderFrame: fake.fakeFrame('app://ratio/index.html', main, main.processId) }],
      ['a frame that claims to be top but is another frame', { senderFrame: fake.fakeFrame('app://ratio/index.html', null, main.processId) }],
      ['another window', { sender: other, senderFrame: other.mainFrame }],
      ['our main frame on a web origin', { senderFrame: { ...main, url: 'https://evil.example/' } }],
      ['our main frame on a file page', { senderFrame: { ...main, url: 'file:///tmp/x.html' } }],
      ['our main frame on another app host', { senderFrame: { ...main, url: 'app://evil/index.html' } }],
      ['no frame (disposed)', { senderFrame: null }],
    ];
    for (const [what, event] of foreign) {
      await expect(invoke('catalogue.info', {}, event), what).rejects.toThrow(/did not come from Ratio's own window/);
    }
    // The same frame through another wrapper object is still ours.
    expect(await invoke('catalogue.info', {}, { senderFrame: { ...main } })).toMatchObject({ ok: true });
  });

  it('rejects a bad payload with INVALID_INPUT, parsed by the contract', async () => {
    for (const payload of [{ id: 7 }, { id: 'not-an-id' }, { id: '0190f3a1-0000-7000-8000-000000000000', extra: 1 }, 'text', [1, 2]]) {
      const outcome = await invoke('entries.get', payload);
      expect(outcome, JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
  });
});

describe('commands to the renderer', () => {
  it('keeps commands until the page has loaded, then sends them (launch argv included)', () => {
    expect(commandsSent()).toEqual([]);
    window.webContents.emit('did-finish-load');
    const sent = commandsSent();
    expect(sent).toContainEqual({ type: 'open-bundle-file', path: bundle() });
    expect(sent).toContainEqual({ type: 'catalogue-changed', path: path.join(fake.app.userData, 'catalogue') });
  });

  it('delivers .ratio files from a second launch and from macOS open-file', () => {
    const before = commandsSent().length;
    fake.app.emit('second-instance', {}, ['ratio', '--flag', 'partner.ratio', 'notes.txt'], base);
    const openFile = { preventDefault: vi.fn() };
    fake.app.emit('open-file', openFile, bundle());
    expect(openFile.preventDefault).toHaveBeenCalled();
    expect(commandsSent().slice(before)).toEqual([
      { type: 'open-bundle-file', path: bundle() },
      { type: 'open-bundle-file', path: bundle() },
    ]);
  });

  it('has the File menu of the design, whose items reach the renderer as commands', async () => {
    const file = menuItem('File');
    const labels = (file.submenu ?? []).map((i) => i.label).filter(Boolean);
    expect(labels).toEqual(expect.arrayContaining(['New entry', 'Import bundle…', 'Export bundle…', 'Back up catalogue…', 'Open catalogue…', 'Open recent']));
    expect(((fake.Menu.template ?? []) as MenuItem[]).map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);

    const before = commandsSent().length;
    menuItem('File', 'New entry').click?.();
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [bundle()] });
    menuItem('File', 'Import bundle…').click?.();
    fake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: path.join(base, 'out') });
    menuItem('File', 'Export bundle…').click?.();
    await vi.waitFor(() => expect(commandsSent().length).toBe(before + 3));
    expect(commandsSent().slice(before)).toEqual([
      { type: 'new-entry' },
      { type: 'open-bundle-file', path: bundle() },
      { type: 'export-bundle', path: path.join(base, 'out.ratio') },
    ]);
    expect(menuItem('File', 'Open recent').submenu?.[0]?.label).toBe('userData/catalogue');
  });

  it('backs up through a save dialog and refuses to restore a file that is not a catalogue', async () => {
    const backup = path.join(base, 'backup.sqlite');
    fake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: backup });
    fake.dialog.showMessageBox.mockClear();
    menuItem('File', 'Back up catalogue…').click?.();
    await vi.waitFor(() => expect(fake.dialog.showMessageBox).toHaveBeenCalled());
    expect(fs.statSync(backup).size).toBeGreaterThan(0);
    expect(JSON.stringify(fake.dialog.showMessageBox.mock.calls[0])).toContain('backed up');

    const junk = path.join(base, 'junk.sqlite');
    fs.writeFileSync(junk, 'no');
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [junk] });
    fake.dialog.showMessageBox.mockClear();
    fake.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false }); // "Restore"
    menuItem('File', 'Restore catalogue from backup…').click?.();
    await vi.waitFor(() => expect(fake.dialog.showMessageBox).toHaveBeenCalledTimes(2));
    expect(JSON.stringify(fake.dialog.showMessageBox.mock.calls[1])).toContain('not restored');
    expect(await invoke('catalogue.info', {})).toMatchObject({ ok: true });
  });
});

describe('the interface language from the page', () => {
  const settingsFile = (): { language?: string } =>
    JSON.parse(fs.readFileSync(path.join(fake.app.userData, 'shell-settings.json'), 'utf8')) as { language?: string };
  // As ipcRenderer.invoke sees it: a handler that throws is a rejected promise.
  const tell = async (language: unknown, event: Record<string, unknown> = {}): Promise<unknown> => {
    const handler = fake.ipcMain.handlers.get(IPC_SHELL_LANGUAGE_CHANNEL);
    if (!handler) throw new Error('no language handler');
    const sender = window.webContents;
    return await handler({ sender, senderFrame: sender.mainFrame, ...event }, language);
  };
  const topLabels = (): (string | undefined)[] => ((fake.Menu.template ?? []) as MenuItem[]).map((m) => m.label);

  it('refuses another sender and any value but en, ru or zh, and changes nothing then', async () => {
    const other = new fake.FakeWebContents();
    other.mainFrame.url = 'app://ratio/index.html';
    await expect(tell('ru', { sender: other, senderFrame: other.mainFrame })).rejects.toThrow(/did not come from Ratio's own window/);
    const iframe = fake.fakeFrame('app://ratio/index.html', window.webContents.mainFrame, window.webContents.mainFrame.processId);
    await expect(tell('ru', { senderFrame: iframe })).rejects.toThrow(/did not come from Ratio's own window/);
    for (const bad of ['de', 'RU', 'ru-RU', '', ' ru', 7, null, { language: 'ru' }, ['ru'], '__proto__']) {
      expect(await tell(bad), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(topLabels()).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    expect(settingsFile().language).toBeUndefined();
  });

  it('rebuilds the menu in the language and remembers it for the next start', async () => {
    expect(await tell('ru')).toEqual({ ok: true, value: null });
    expect(topLabels()).toEqual(['Файл', 'Правка', 'Вид', 'Окно', 'Справка']);
    expect(menuItem('Файл', 'Сжать каталог…').label).toBe('Сжать каталог…');
    expect(settingsFile().language).toBe('ru');
    // A dialog from the menu now speaks Russian too.
    fake.dialog.showMessageBox.mockClear();
    fake.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    menuItem('Файл', 'Сжать каталог…').click?.();
    await vi.waitFor(() => expect(fake.dialog.showMessageBox).toHaveBeenCalledTimes(1));
    expect(fake.dialog.showMessageBox.mock.calls[0]?.at(-1)).toMatchObject({ message: 'Сжать каталог?', buttons: ['Сжать', 'Отмена'] });

    expect(await tell('zh')).toEqual({ ok: true, value: null });
    expect(topLabels()).toEqual(['文件', '编辑', '视图', '窗口', '帮助']);
    expect(settingsFile().language).toBe('zh');
    // Back to English for the tests below, which find the items by their English labels.
    await tell('en');
    expect(topLabels()).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    expect(settingsFile().language).toBe('en');
  });
});

describe('attachments the page links to (target=_blank to ratio-attachment://)', () => {
  let entryId = '';
  const attach = async (name: string, mediaType: string, content: string): Promise<string> => {
    const outcome = await invoke('attachments.add', { entryId, name, mediaType, contentBase64: Buffer.from(content).toString('base64') });
    if (!outcome.ok) throw new Error(outcome.error.message);
    const found = (outcome.value as { attachments: { name: string; sha256: string }[] }).attachments.find((a) => a.name === name);
    if (!found) throw new Error(`no attachment ${name}`);
    return found.sha256;
  };
  const openFromPage = (url: string): unknown => window.webContents.windowOpenHandler?.({ url });

  beforeAll(async () => {
    const created = await invoke('entries.create', { kind: 'method', title: 'Attachments of every kind' });
    if (!created.ok) throw new Error(created.error.message);
    entryId = (created.value as { id: string }).id;
  });

  it('opens a PDF in the system viewer as a read-only copy named by its recorded type', async () => {
    const sha = await attach('report.pdf.desktop', 'application/pdf', '%PDF-1.4 partner report');
    fake.shell.openPath.mockClear();
    expect(openFromPage(attachmentUrlFor(sha))).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(fake.shell.openPath).toHaveBeenCalledTimes(1));
    const copy = fake.shell.openPath.mock.calls[0]?.[0] ?? '';
    expect(path.basename(copy)).toBe('report.pdf.pdf');
    expect(fs.readFileSync(copy, 'utf8')).toBe('%PDF-1.4 partner report');
    expect(fs.statSync(copy).mode & 0o222).toBe(0);
    expect(copy.startsWith(path.join(fake.app.userData, 'catalogue'))).toBe(false);
    expect(fake.BrowserWindow.getAllWindows()).toHaveLength(1);
  });

  it('offers to save a text file when no viewer opens it, and anything else (even a program) is only saved', async () => {
    const text = await attach('notes.txt', 'text/plain', 'plain notes');
    fake.shell.openPath.mockClear();
    fake.shell.openPath.mockResolvedValueOnce('No application is registered for text files.');
    const saved = path.join(base, 'saved-notes.txt');
    fake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: saved });
    openFromPage(attachmentUrlFor(text));
    await vi.waitFor(() => expect(fs.existsSync(saved)).toBe(true));
    expect(fs.readFileSync(saved, 'utf8')).toBe('plain notes');

    const program = await attach('setup.exe', 'application/x-msdownload', 'MZ not really');
    fake.shell.openPath.mockClear();
    fake.dialog.showSaveDialog.mockClear();
    openFromPage(attachmentUrlFor(program));
    await vi.waitFor(() => expect(fake.dialog.showSaveDialog).toHaveBeenCalledTimes(1));
    expect(fake.shell.openPath).not.toHaveBeenCalled();
    expect(JSON.stringify(fake.dialog.showSaveDialog.mock.calls[0])).toContain('setup.exe');
  });

  it('never opens an SVG (its viewer is a browser) and refuses URLs that name no attachment of the catalogue', async () => {
    const svg = await attach('drawing.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    fake.shell.openPath.mockClear();
    fake.dialog.showSaveDialog.mockClear();
    openFromPage(attachmentUrlFor(svg));
    await vi.waitFor(() => expect(fake.dialog.showSaveDialog).toHaveBeenCalledTimes(1));
    fake.dialog.showSaveDialog.mockClear();
    for (const url of [
      attachmentUrlFor('f'.repeat(64)),
      'ratio-attachment://catalogue/..%2f..%2fcatalogue.sqlite',
      'ratio-attachment://catalogue/' + svg + '/x',
    ]) {
      expect(openFromPage(url)).toEqual({ action: 'deny' });
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.shell.openPath).not.toHaveBeenCalled();
    expect(fake.dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('still sends https links to the system browser and opens nothing else', () => {
    fake.shell.openExternal.mockClear();
    expect(openFromPage('https://example.org/')).toEqual({ action: 'deny' });
    expect(openFromPage('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(fake.shell.openExternal).toHaveBeenCalledTimes(1);
  });
});

describe('macOS: a .ratio file opened while no window is open', () => {
  it('shows a window and hands it the file once its page has loaded', () => {
    window.close();
    expect(fake.BrowserWindow.getAllWindows()).toHaveLength(0);
    fake.app.emit('open-file', { preventDefault: vi.fn() }, bundle());
    const windows = fake.BrowserWindow.getAllWindows();
    expect(windows).toHaveLength(1);
    const shown = windows[0] as Window;
    expect(shown).not.toBe(window);
    expect(shown.loadedUrl).toBe('app://ratio/index.html');
    shown.webContents.emit('did-finish-load');
    expect(shown.webContents.sent.filter((m) => m.channel === 'ratio-event:command').map((m) => m.payload)).toContainEqual({
      type: 'open-bundle-file',
      path: bundle(),
    });
    window = shown;
  });
});

describe('quitting during a long import', () => {
  it('waits for the import to finish, closes the database, then quits; nothing is lost', async () => {
    // A partner's bundle of 40 entries this catalogue does not have.
    const partnerDir = path.join(base, 'partner');
    const partner = createCoreHost({ resourcesDir: null, nativeBinding: null, actor: 'partner' }, () => undefined);
    await partner.handle({ kind: 'open', dir: partnerDir, create: true });
    for (let i = 0; i < 40; i += 1) {
      await partner.handle({ kind: 'call', op: 'entries.create', request: { kind: 'method', title: `Partner method ${i}` } });
    }
    const partnerBundle = path.join(base, 'partner-40.ratio');
    expect(await partner.handle({ kind: 'call', op: 'exchange.export', request: { out: partnerBundle } })).toMatchObject({ ok: true, value: { ok: true } });
    await partner.handle({ kind: 'close' });

    const child = fake.utilityProcess.forked.at(-1);
    const exited = vi.fn();
    child?.on('exit', exited);
    const quitsBefore = fake.app.quitCalls;
    const importing = invoke('exchange.import', { file: partnerBundle, trust: true });
    const firstQuit = { preventDefault: vi.fn() };
    fake.app.emit('before-quit', firstQuit);
    const secondQuit = { preventDefault: vi.fn() };
    fake.app.emit('before-quit', secondQuit);
    expect(firstQuit.preventDefault).toHaveBeenCalled();
    expect(secondQuit.preventDefault).toHaveBeenCalled();
    expect(fake.app.quitCalls).toBe(quitsBefore);

    expect(await importing).toMatchObject({ ok: true, value: { changed: true, new: 40 } });
    await vi.waitFor(() => expect(fake.app.quitCalls).toBe(quitsBefore + 1), { timeout: 10_000 });
    expect(exited).toHaveBeenCalled();
    // The quit that main asks for itself goes through.
    const finalQuit = { preventDefault: vi.fn() };
    fake.app.emit('before-quit', finalQuit);
    expect(finalQuit.preventDefault).not.toHaveBeenCalled();

    const db = new Database(path.join(fake.app.userData, 'catalogue', 'catalogue.sqlite'), { readonly: true });
    try {
      expect((db.prepare("SELECT count(*) AS n FROM entries WHERE title LIKE 'Partner method %'").get() as { n: number }).n).toBe(40);
    } finally {
      db.close();
    }
    // The copies handed to viewers go when Ratio does.
    const viewerDirs = fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith('ratio-attachments-'));
    fake.app.emit('will-quit');
    const left = fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith('ratio-attachments-'));
    expect(left.length).toBe(viewerDirs.length - 1);
  });
});
