// The core process client (crash and restart) and the start-up dialogs, with stand-ins.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CoreEnvelope, CoreNotice, CoreReply, CoreRequestKind } from '../../electron/shell/core-messages.js';

vi.mock('electron', () => import('./fake-electron.js'));

const fake = await import('./fake-electron.js');
const { startCoreProcess } = await import('../../electron/shell/core-client.js');
const { Desktop } = await import('../../electron/shell/desktop.js');
const { describeOpenFailure } = await import('../../electron/shell/dialogs.js');
const { shellText } = await import('../../electron/shell/shell-text.js');
const english = shellText('en');
const { hardenWebContents } = await import('../../electron/shell/security.js');

beforeEach(() => {
  fake.utilityProcess.forked.length = 0;
  fake.dialog.showMessageBox.mockReset();
  fake.dialog.showMessageBox.mockResolvedValue({ response: 1, checkboxChecked: false });
});

describe('the core process client', () => {
  it('fails waiting requests when the process dies, and reopens the catalogue in a new one', async () => {
    const seen: CoreEnvelope[][] = [];
    fake.utilityProcess.onFork = (child) => {
      const mine: CoreEnvelope[] = [];
      seen.push(mine);
      child.onMessage = (message) => {
        const envelope = message as CoreEnvelope;
        mine.push(envelope);
        if (envelope.message.kind === 'open') {
          const reply: CoreReply<'open'> = { ok: true, value: { dir: '/c', attachmentsDir: '/c/attachments', created: false } };
          queueMicrotask(() => child.emit('message', { kind: 'reply', id: envelope.id, reply } satisfies CoreNotice));
        }
        // 'call' is never answered: the process "crashes" while it waits.
      };
    };
    const client = startCoreProcess({
      modulePath: '/x/core-process.mjs',
      settings: { resourcesDir: null, nativeBinding: null, actor: null },
      onProgress: () => undefined,
    });
    expect((await client.request({ kind: 'open', dir: '/c', create: true })).ok).toBe(true);
    const waiting = client.call('catalogue.info', {});
    fake.utilityProcess.forked[0]?.emit('exit', 9);
    expect(await waiting).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('stopped') } });

    void client.call('catalogue.info', {});
    expect(fake.utilityProcess.forked).toHaveLength(2);
    expect(seen[1]?.map((e) => e.message.kind)).toEqual(['open', 'call']);
    expect(seen[0]?.map((e) => e.message.kind)).toEqual(['open', 'call']);
    client.stop();
  });
});

describe('opening the catalogue at start-up', () => {
  const coreAnswering = (answer: (dir: string, create: boolean) => CoreReply<'open'>) => ({
    request: vi.fn((message: { kind: CoreRequestKind; dir?: string; create?: boolean }) =>
      Promise.resolve(message.kind === 'open' ? answer(message.dir ?? '', message.create ?? false) : { ok: true, value: null }),
    ),
    call: vi.fn(),
    stop: vi.fn(),
  });
  const settings = () => ({ recent: [] as string[], remember: vi.fn(), clear: vi.fn() });

  it('explains a catalogue it cannot open and quits when asked to', async () => {
    for (const code of ['NOT_A_CATALOGUE', 'CATALOGUE_NEWER', 'CATALOGUE_UNWRITABLE'] as const) {
      fake.dialog.showMessageBox.mockClear();
      const core = coreAnswering(() => ({ ok: false, error: { code, message: `${code} sentence` } }));
      const desktop = new Desktop({
        core: core as never,
        settings: settings() as never,
        defaultCatalogueDir: '/home/u/.config/Ratio/catalogue',
        development: false,
        language: 'en',
        openWindow: vi.fn(),
      });
      expect(await desktop.openAtStart(null)).toBe(false);
      const options = fake.dialog.showMessageBox.mock.calls[0]?.[0] as { message: string; detail: string; buttons: string[]; type: string };
      expect(options.type).toBe('error');
      expect(options.message).toBe(describeOpenFailure('/x', { code, message: '' }, english).message);
      expect(options.detail).toContain(`${code} sentence`);
      expect(options.buttons).toEqual(['Open another catalogue…', 'Quit']);
    }
  });

  it('falls back to the default catalogue when the last one has gone', async () => {
    const core = coreAnswering((dir, create) =>
      dir === '/media/usb/catalogue'
        ? { ok: false, error: { code: 'CATALOGUE_MISSING', message: 'gone' } }
        : { ok: true, value: { dir, attachmentsDir: `${dir}/attachments`, created: create } },
    );
    const s = settings();
    s.recent = ['/media/usb/catalogue'];
    const desktop = new Desktop({
      core: core as never,
      settings: s as never,
      defaultCatalogueDir: '/home/u/.config/Ratio/catalogue',
      development: false,
      language: 'en',
      openWindow: vi.fn(),
    });
    expect(await desktop.openAtStart(null)).toBe(true);
    expect(desktop.openAttachmentsDir).toBe('/home/u/.config/Ratio/catalogue/attachments');
    expect(fake.dialog.showMessageBox).not.toHaveBeenCalled();
    // It was created: the demo is offered (declined here), once.
    await desktop.offerDemoIfNew();
    await desktop.offerDemoIfNew();
    expect(fake.dialog.showMessageBox).toHaveBeenCalledTimes(1);
    expect(core.call).not.toHaveBeenCalled();
  });
});

describe('File › Compact catalogue…', () => {
  type Item = { label?: string; submenu?: Item[]; click?: () => void };
  const compactItem = (): Item | undefined =>
    (fake.Menu.template as Item[] | null)?.flatMap((menu) => menu.submenu ?? []).find((item) => item.label === 'Compact catalogue…');
  const settled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

  it('asks first, compacts through the core and tells how much was freed; a refusal is explained and a cancel does nothing', async () => {
    const replies: CoreReply<'compact'>[] = [
      { ok: true, value: { bytesBefore: 1_268_776_960, bytesAfter: 821_460_992, pageSize: 16384 } },
      { ok: false, error: { code: 'CATALOGUE_BUSY', message: 'The core’s sentence, in English.' } },
    ];
    const core = {
      request: vi.fn((message: { kind: CoreRequestKind; dir?: string }) =>
        Promise.resolve(
          message.kind === 'open' ? { ok: true, value: { dir: message.dir, attachmentsDir: `${message.dir}/attachments`, created: false } } : replies.shift(),
        ),
      ),
      call: vi.fn(),
      stop: vi.fn(),
    };
    const desktop = new Desktop({
      core: core as never,
      settings: { recent: [] as string[], remember: vi.fn(), clear: vi.fn() } as never,
      defaultCatalogueDir: '/home/u/.config/Ratio/catalogue',
      development: false,
      language: 'en',
      openWindow: vi.fn(),
    });
    expect(await desktop.openAtStart(null)).toBe(true);
    const compactions = (): number => core.request.mock.calls.filter(([m]) => m.kind === 'compact').length;
    const shown = (): { message: string; detail: string; type: string }[] =>
      fake.dialog.showMessageBox.mock.calls.map((call) => call.at(-1) as { message: string; detail: string; type: string });

    // Cancelled at the question: nothing is sent.
    fake.dialog.showMessageBox.mockResolvedValue({ response: 1, checkboxChecked: false });
    compactItem()?.click?.();
    await settled();
    expect(shown().map((d) => d.message)).toEqual(['Compact the catalogue?']);
    expect(compactions()).toBe(0);

    fake.dialog.showMessageBox.mockClear();
    fake.dialog.showMessageBox.mockResolvedValue({ response: 0, checkboxChecked: false });
    compactItem()?.click?.();
    await settled();
    expect(compactions()).toBe(1);
    expect(shown()[1]).toMatchObject({ type: 'info', message: 'The catalogue is compacted.', detail: '1,210.0 MB → 783.4 MB: 426.6 MB freed.' });

    fake.dialog.showMessageBox.mockClear();
    compactItem()?.click?.();
    await settled();
    expect(shown()[1]).toMatchObject({ type: 'error', message: 'The catalogue was not compacted.' });
    // Said in the shell's language, not the core's English sentence.
    expect(shown()[1]?.detail).toContain('Another program has this catalogue open (the ratio command');
    expect(shown()[1]?.detail).not.toContain('The core’s sentence');
  });
});

describe('the dialogs in the interface language', () => {
  type Item = { label?: string; submenu?: Item[]; click?: () => void };
  const fileItem = (label: string): Item | undefined =>
    (fake.Menu.template as Item[] | null)?.flatMap((menu) => menu.submenu ?? []).find((item) => item.label === label);
  const settled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
  const shown = (): { message: string; detail: string; type: string; buttons: string[] }[] =>
    fake.dialog.showMessageBox.mock.calls.map((call) => call.at(-1) as { message: string; detail: string; type: string; buttons: string[] });

  it('asks the compact question in Russian, tells the result in Russian, and follows a change to Chinese', async () => {
    const core = {
      request: vi.fn((message: { kind: CoreRequestKind; dir?: string }) =>
        Promise.resolve(
          message.kind === 'open'
            ? { ok: true, value: { dir: message.dir, attachmentsDir: `${message.dir}/attachments`, created: false } }
            : { ok: true, value: { bytesBefore: 1_268_776_960, bytesAfter: 821_460_992, pageSize: 16384 } },
        ),
      ),
      call: vi.fn(),
      stop: vi.fn(),
    };
    const settings = { recent: [] as string[], remember: vi.fn(), clear: vi.fn(), rememberLanguage: vi.fn() };
    const desktop = new Desktop({
      core: core as never,
      settings: settings as never,
      defaultCatalogueDir: '/home/u/.config/Ratio/catalogue',
      development: false,
      language: 'ru',
      openWindow: vi.fn(),
    });
    expect(await desktop.openAtStart(null)).toBe(true);
    expect(fileItem('Compact catalogue…')).toBeUndefined();

    fake.dialog.showMessageBox.mockClear();
    fake.dialog.showMessageBox.mockResolvedValue({ response: 0, checkboxChecked: false });
    fileItem('Сжать каталог…')?.click?.();
    await settled();
    expect(shown()[0]).toMatchObject({ type: 'question', message: 'Сжать каталог?', buttons: ['Сжать', 'Отмена'] });
    expect(shown()[0]?.detail).toContain('Файл каталога в папке /home/u/.config/Ratio/catalogue будет перезаписан');
    expect(shown()[1]).toMatchObject({ type: 'info', message: 'Каталог сжат.', detail: '1\u00a0210,0 МБ → 783,4 МБ: освобождено 426,6 МБ.', buttons: ['ОК'] });

    desktop.setLanguage('zh');
    expect(settings.rememberLanguage).toHaveBeenCalledWith('zh');
    expect(fileItem('Сжать каталог…')).toBeUndefined();
    fake.dialog.showMessageBox.mockClear();
    fake.dialog.showMessageBox.mockResolvedValue({ response: 1, checkboxChecked: false });
    fileItem('压缩成果库…')?.click?.();
    await settled();
    expect(shown().map((d) => [d.message, d.buttons])).toEqual([['要压缩成果库吗？', ['压缩', '取消']]]);
  });

  it('explains a catalogue it cannot open at start-up in Russian', async () => {
    fake.dialog.showMessageBox.mockClear();
    fake.dialog.showMessageBox.mockResolvedValue({ response: 1, checkboxChecked: false });
    const core = {
      request: vi.fn(() => Promise.resolve({ ok: false, error: { code: 'NOT_A_CATALOGUE', message: 'no schema' } })),
      call: vi.fn(),
      stop: vi.fn(),
    };
    const desktop = new Desktop({
      core: core as never,
      settings: { recent: [] as string[], remember: vi.fn(), clear: vi.fn(), rememberLanguage: vi.fn() } as never,
      defaultCatalogueDir: '/home/u/.config/Ratio/catalogue',
      development: false,
      language: 'ru',
      openWindow: vi.fn(),
    });
    expect(await desktop.openAtStart(null)).toBe(false);
    expect(shown()[0]).toMatchObject({
      type: 'error',
      message: 'Это не каталог Ratio.',
      detail: 'no schema\n\nRatio ничего в нём не изменил.',
      buttons: ['Открыть другой каталог…', 'Выйти'],
    });
  });
});

describe('hardening', () => {
  it('is applied once per web contents, so a link never opens twice', () => {
    fake.shell.openExternal.mockClear();
    const contents = new fake.FakeWebContents();
    hardenWebContents(contents as never);
    hardenWebContents(contents as never);
    contents.emit('will-navigate', { preventDefault: vi.fn() }, 'https://example.org/');
    expect(fake.shell.openExternal).toHaveBeenCalledTimes(1);
  });
});

describe('the Electron build of better-sqlite3, as main checks it before starting', () => {
  it('is missing, made for another Electron or platform, or fits', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { electronAddonProblem } = await import('../../electron/shell/native.js');
    const { describeAddonProblem } = await import('../../electron/shell/dialogs.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratio-addon-'));
    try {
      const addon = path.join(dir, 'better_sqlite3.node');
      const running = { electron: '45.5.0', platform: 'linux', arch: 'x64' };
      expect(electronAddonProblem(addon, running)).toBe(`${addon} is missing`);
      fs.writeFileSync(addon, 'built');
      // A build without a record is left to the load (a wrong ABI then fails as NATIVE_MODULE).
      expect(electronAddonProblem(addon, running)).toBeNull();
      const record = (fields: object) =>
        fs.writeFileSync(
          path.join(dir, 'built-for.json'),
          JSON.stringify({ electron: '45.5.0', abi: '150', betterSqlite3: '12.11.1', platform: 'linux', arch: 'x64', ...fields }),
        );
      record({});
      expect(electronAddonProblem(addon, running)).toBeNull();
      record({ electron: '44.0.0', arch: 'arm64' });
      const problem = electronAddonProblem(addon, running);
      expect(problem).toContain('electron 44.0.0, this is 45.5.0');
      expect(problem).toContain('arch arm64, this is x64');
      expect(describeAddonProblem(problem ?? '', true, english)).toContain('"npm start"');
      expect(describeAddonProblem(problem ?? '', false, english)).toContain('reinstall Ratio');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('explains NATIVE_MODULE by the module, when it comes up while switching catalogues', () => {
    expect(describeOpenFailure('/x', { code: 'NATIVE_MODULE', message: 'cannot load' }, english)).toEqual({
      message: "Ratio's database module cannot be loaded.",
      detail: 'cannot load',
    });
  });
});

describe('names of attachment copies', () => {
  it('keep letters and digits of any script, drop paths, control and shell characters, and are never hidden or reserved', async () => {
    const { safeStem, attachmentSha } = await import('../../electron/shell/attachments.js');
    expect(safeStem('Отчёт о внедрении.pdf')).toBe('Отчёт о внедрении');
    expect(safeStem('报告.txt')).toBe('报告');
    expect(safeStem('.bashrc')).toBe('attachment');
    expect(safeStem('a/../../b;rm -rf $HOME.pdf')).toBe('a_.._.._b_rm -rf _HOME');
    expect(safeStem('CON.txt')).toBe('_CON');
    expect(safeStem('x'.repeat(300) + '.pdf')).toHaveLength(100);
    expect(safeStem(null)).toBe('attachment');
    expect(attachmentSha(`ratio-attachment://catalogue/${'a'.repeat(64)}`)).toBe('a'.repeat(64));
    expect(attachmentSha(`ratio-attachment://elsewhere/${'a'.repeat(64)}`)).toBeNull();
    expect(attachmentSha('https://example.org/')).toBeNull();
  });
});
