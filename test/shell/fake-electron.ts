// A stand-in for the `electron` module (its binary cannot be downloaded here): just enough
// of app, BrowserWindow, ipcMain, protocol, session, shell, dialog, Menu, utilityProcess,
// contextBridge, ipcRenderer and webUtils for the shell's wiring to run, recording what
// the shell asks of them. Tests install it with vi.mock('electron', () => import('./fake-electron.js')).
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type Listener = (...args: never[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  /** Calls every listener of `event` with `args`, as Electron would. */
  emit(event: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(event) ?? []).map((listener) => (listener as (...a: unknown[]) => unknown)(...args));
  }
}

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
  frameTreeNodeId: number;
  processId: number;
}

let nextContentsId = 1;
let nextFrameId = 1;

export function fakeFrame(url: string, parent: FakeFrame | null = null, processId = 1): FakeFrame {
  return { url, parent, frameTreeNodeId: nextFrameId++, processId };
}

export class FakeWebContents extends Emitter {
  readonly id = nextContentsId++;
  readonly mainFrame: FakeFrame = fakeFrame('about:blank');
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly sent: { channel: string; payload: unknown }[] = [];
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return false;
  }
}

export class BrowserWindow extends Emitter {
  static readonly created: BrowserWindow[] = [];
  /** The windows not yet closed, as Electron's getAllWindows. */
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.created.filter((w) => !w.destroyed);
  }
  destroyed = false;
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.created.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  show(): void {}
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** As the person closing the window: it is gone, and 'closed' is emitted. */
  close(): void {
    this.destroyed = true;
    this.emit('closed');
  }
}

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

export const ipcMain = {
  handlers: new Map<string, InvokeHandler>(),
  /** Every channel ever registered, duplicates included. */
  registrations: [] as string[],
  handle(channel: string, handler: InvokeHandler): void {
    ipcMain.registrations.push(channel);
    // Electron throws on a second handler for a channel; so does the stand-in.
    if (ipcMain.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcMain.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    ipcMain.handlers.delete(channel);
  },
  on: vi.fn(),
};

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    protocol.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void {
    protocol.handlers.set(scheme, handler);
  },
};

export class FakeSession {
  permissionRequestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  permissionCheckHandler: ((contents: unknown, permission: string) => boolean) | null = null;
  readonly protocol = protocol;
  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler;
  }
}

export const session = { defaultSession: new FakeSession() };

export const shell = {
  openExternal: vi.fn(() => Promise.resolve()),
  /** '' means the system opened the file, as Electron's shell.openPath answers. */
  openPath: vi.fn((_file: string) => Promise.resolve('')),
};

export const dialog = {
  showMessageBox: vi.fn((..._args: unknown[]) => Promise.resolve({ response: 1, checkboxChecked: false })),
  showOpenDialog: vi.fn((..._args: unknown[]) => Promise.resolve({ canceled: true, filePaths: [] as string[] })),
  showSaveDialog: vi.fn((..._args: unknown[]) => Promise.resolve({ canceled: true, filePath: '' })),
  showErrorBox: vi.fn(),
};

export const Menu = {
  template: null as unknown[] | null,
  buildFromTemplate(template: unknown[]): { template: unknown[] } {
    return { template };
  },
  setApplicationMenu(menu: { template: unknown[] } | null): void {
    Menu.template = menu?.template ?? null;
  },
};

let resolveReady: () => void = () => undefined;
const ready = new Promise<void>((resolve) => {
  resolveReady = resolve;
});

class FakeApp extends Emitter {
  isPackaged = false;
  appPath = '/nonexistent';
  userData = '/nonexistent';
  sandboxed = false;
  quitCalls = 0;
  singleInstance = true;
  /** What app.getLocale and app.getPreferredSystemLanguages answer; a test may set them before ready. */
  locale = 'en-US';
  preferredSystemLanguages: string[] = ['en-US'];
  whenReady(): Promise<void> {
    return ready;
  }
  /** Lets the test decide when `ready` happens. */
  makeReady(): void {
    resolveReady();
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  enableSandbox(): void {
    this.sandboxed = true;
  }
  quit(): void {
    this.quitCalls += 1;
  }
  getPath(name: string): string {
    if (name === 'userData') return this.userData;
    throw new Error(`no path ${name} in the stand-in`);
  }
  setPath(name: string, value: string): void {
    if (name === 'userData') this.userData = value;
  }
  getAppPath(): string {
    return this.appPath;
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  getLocale(): string {
    return this.locale;
  }
  getPreferredSystemLanguages(): string[] {
    return this.preferredSystemLanguages;
  }
}

export const app = new FakeApp();

/** A utility process: tests plug in what it does with each message. */
export class FakeUtilityProcess extends EventEmitter {
  onMessage: (message: unknown) => void = () => undefined;
  constructor(
    readonly modulePath: string,
    readonly options: { env?: Record<string, string | undefined> },
  ) {
    super();
  }
  postMessage(message: unknown): void {
    this.onMessage(message);
  }
  kill(): boolean {
    this.emit('exit', 0);
    return true;
  }
}

export const utilityProcess = {
  forked: [] as FakeUtilityProcess[],
  /** Set by a test: wires a forked process to something that answers. */
  onFork: (_child: FakeUtilityProcess): void => undefined,
  fork(modulePath: string, _args: string[], options: { env?: Record<string, string | undefined> }): FakeUtilityProcess {
    const child = new FakeUtilityProcess(modulePath, options);
    utilityProcess.forked.push(child);
    utilityProcess.onFork(child);
    return child;
  },
};

// The renderer-side half, for the preload.
export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    contextBridge.exposed.set(key, api);
  },
};

export const ipcRenderer = Object.assign(new EventEmitter(), {
  invoke: vi.fn((_channel: string, ..._args: unknown[]) => Promise.resolve({ ok: true, value: null }) as Promise<unknown>),
});

export const webUtils = {
  getPathForFile: vi.fn((file: { path?: string }) => file.path ?? ''),
};

export default { app, BrowserWindow, ipcMain, protocol, session, shell, dialog, Menu, utilityProcess, contextBridge, ipcRenderer, webUtils };
