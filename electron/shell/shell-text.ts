// Everything the desktop shell itself says to the person — the native menus, message boxes,
// file dialogs and the start-up failure screen — in the renderer's three interface languages.
// The renderer's words are reused where the page points at the menu (File › Import bundle…,
// Файл › Импорт пакета…, 文件 › 导入数据包…) and for the catalogue's terms (каталог, 成果库).
// Texts with paths, sizes or versions are functions, so each language orders its own sentence.
import type { InterfaceLanguage } from '../../shared/languages.js';

// The shell's languages are the renderer's, from one list (shared/languages.ts); the shell's modules take them from here.
export { INTERFACE_LANGUAGES, isInterfaceLanguage, pickLanguage, type InterfaceLanguage } from '../../shared/languages.js';

export interface ShellText {
  menu: {
    file: string;
    newEntry: string;
    importBundle: string;
    exportBundle: string;
    backUp: string;
    restore: string;
    compact: string;
    openCatalogue: string;
    openRecent: string;
    noRecent: string;
    clearRecent: string;
    /** File › Quit on Linux, File › Exit on Windows. */
    quit: string;
    exit: string;
    edit: string;
    undo: string;
    redo: string;
    cut: string;
    copy: string;
    paste: string;
    pasteAndMatchStyle: string;
    delete: string;
    selectAll: string;
    view: string;
    reload: string;
    toggleDevTools: string;
    resetZoom: string;
    zoomIn: string;
    zoomOut: string;
    toggleFullScreen: string;
    window: string;
    minimize: string;
    zoom: string;
    front: string;
    closeWindow: string;
    help: string;
    shortcuts: string;
    about: string;
    /** The macOS application menu. */
    services: string;
    hide: string;
    hideOthers: string;
    showAll: string;
    quitApp: string;
  };
  files: {
    bundles: string;
    backups: string;
    allFiles: string;
    importTitle: string;
    exportTitle: string;
    backUpTitle: string;
    restoreTitle: string;
    openCatalogueTitle: string;
    openCatalogueButton: string;
    saveAttachmentTitle: string;
  };
  buttons: {
    ok: string;
    cancel: string;
    quit: string;
    openAnother: string;
    createCatalogue: string;
    loadDemo: string;
    startEmpty: string;
    restore: string;
    compact: string;
  };
  open: {
    unwritable: string;
    unwritableRemedy: string;
    notACatalogue: string;
    newer: string;
    leftUntouched: string;
    nativeModule: string;
    cannotOpen: (dir: string) => string;
    noCatalogue: string;
    createIn: (dir: string) => string;
  };
  demo: {
    welcome: string;
    offer: string;
    failed: string;
  };
  restore: {
    question: string;
    detail: (source: string, dir: string) => string;
    done: string;
    previousKept: (previous: string) => string;
    failed: string;
  };
  compact: {
    question: string;
    detail: (dir: string) => string;
    done: string;
    /** "1,209.6 MB → 783.0 MB: 426.6 MB freed." */
    result: (before: number, after: number) => string;
    failed: string;
    /** CATALOGUE_BUSY: the core's own sentence is English; this is what it means here. */
    busy: string;
  };
  backup: {
    done: string;
    detail: (destination: string, bytes: number) => string;
    failed: string;
  };
  /** Said after a failure that changed nothing. */
  unchanged: string;
  about: {
    title: (version: string) => string;
    detail: (versions: { electron: string; chrome: string; node: string }) => string;
  };
  attachmentFailed: string;
  start: {
    cannotStart: string;
    addonProblem: (problem: string, remedy: string) => string;
    remedySource: string;
    remedyInstalled: string;
  };
}

/** The BCP 47 tag numbers are written in. */
const LOCALES: Record<InterfaceLanguage, string> = { en: 'en', ru: 'ru', zh: 'zh-CN' };

function decimal(language: InterfaceLanguage, value: number, digits: number): string {
  return value.toLocaleString(LOCALES[language], { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const megabytes = (language: InterfaceLanguage, bytes: number, unit: string): string => `${decimal(language, bytes / 1024 / 1024, 1)} ${unit}`;
const kilobytes = (language: InterfaceLanguage, bytes: number, unit: string): string => `${decimal(language, Math.ceil(bytes / 1024), 0)} ${unit}`;
const versionLine = (v: { electron: string; chrome: string; node: string }): string => `Electron ${v.electron} · Chromium ${v.chrome} · Node ${v.node}`;

const en: ShellText = {
  menu: {
    file: 'File',
    newEntry: 'New entry',
    importBundle: 'Import bundle…',
    exportBundle: 'Export bundle…',
    backUp: 'Back up catalogue…',
    restore: 'Restore catalogue from backup…',
    compact: 'Compact catalogue…',
    openCatalogue: 'Open catalogue…',
    openRecent: 'Open recent',
    noRecent: 'No recent catalogues',
    clearRecent: 'Clear recent',
    quit: 'Quit',
    exit: 'Exit',
    edit: 'Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    pasteAndMatchStyle: 'Paste and match style',
    delete: 'Delete',
    selectAll: 'Select all',
    view: 'View',
    reload: 'Reload',
    toggleDevTools: 'Toggle developer tools',
    resetZoom: 'Actual size',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    toggleFullScreen: 'Toggle full screen',
    window: 'Window',
    minimize: 'Minimize',
    zoom: 'Zoom',
    front: 'Bring all to front',
    closeWindow: 'Close window',
    help: 'Help',
    shortcuts: 'Keyboard shortcuts',
    about: 'About Ratio',
    services: 'Services',
    hide: 'Hide Ratio',
    hideOthers: 'Hide others',
    showAll: 'Show all',
    quitApp: 'Quit Ratio',
  },
  files: {
    bundles: 'Ratio exchange bundles',
    backups: 'Ratio catalogue backups',
    allFiles: 'All files',
    importTitle: 'Import bundle',
    exportTitle: 'Export bundle',
    backUpTitle: 'Back up catalogue',
    restoreTitle: 'Restore catalogue from backup',
    openCatalogueTitle: 'Open catalogue',
    openCatalogueButton: 'Open catalogue',
    saveAttachmentTitle: 'Save attachment',
  },
  buttons: {
    ok: 'OK',
    cancel: 'Cancel',
    quit: 'Quit',
    openAnother: 'Open another catalogue…',
    createCatalogue: 'Create catalogue',
    loadDemo: 'Load the demo catalogue',
    startEmpty: 'Start empty',
    restore: 'Restore',
    compact: 'Compact',
  },
  open: {
    unwritable: 'Ratio cannot write to the catalogue folder.',
    unwritableRemedy: "Check the folder's permissions, or open a catalogue somewhere else.",
    notACatalogue: 'This is not a Ratio catalogue.',
    newer: 'This catalogue was written by a newer version of Ratio.',
    leftUntouched: 'Ratio left it untouched.',
    nativeModule: "Ratio's database module cannot be loaded.",
    cannotOpen: (dir) => `The catalogue in ${dir} cannot be opened.`,
    noCatalogue: 'There is no catalogue in this folder.',
    createIn: (dir) => `Create a new, empty catalogue in ${dir}?`,
  },
  demo: {
    welcome: 'Welcome to Ratio',
    offer:
      'Your catalogue is empty. Load the demo catalogue — 52 methods, proposals and inventions from the 1960 exchange between enterprises — to look around? You can delete its entries later.',
    failed: 'The demo catalogue could not be loaded.',
  },
  restore: {
    question: 'Replace the catalogue with this backup?',
    detail: (source, dir) => `The catalogue in ${dir} is replaced by ${source}. The current database is kept beside it as catalogue.sqlite.bak.`,
    done: 'The catalogue is restored.',
    previousKept: (previous) => `The previous database is kept as ${previous}.`,
    failed: 'The backup was not restored.',
  },
  compact: {
    question: 'Compact the catalogue?',
    detail: (dir) =>
      `The catalogue file in ${dir} is rewritten without the space that deleted entries and re-indexing left unused. Nothing in it changes. It takes a few seconds per 100,000 entries, during which the catalogue waits; no other program (the ratio command, the browser host) may have it open.`,
    done: 'The catalogue is compacted.',
    result: (before, after) => {
      const mb = (bytes: number): string => megabytes('en', bytes, 'MB');
      return `${mb(before)} → ${mb(after)}: ${after < before ? `${mb(before - after)} freed` : 'there was no unused space to free'}.`;
    },
    failed: 'The catalogue was not compacted.',
    busy: 'Another program has this catalogue open (the ratio command, the browser host, another Ratio window): close it and compact again.',
  },
  backup: {
    done: 'The catalogue is backed up.',
    detail: (destination, bytes) =>
      `${destination} (${kilobytes('en', bytes, 'KiB')}). Attachments stay in the catalogue's attachments folder; copy it too to keep them elsewhere.`,
    failed: 'The backup failed.',
  },
  unchanged: 'The catalogue is as it was.',
  about: {
    title: (version) => `Ratio ${version}`,
    detail: (versions) =>
      `A knowledge base of technical innovations: rationalization proposals, inventions and process methods, exchanged between enterprises as signed bundles.\n\n${versionLine(versions)}`,
  },
  attachmentFailed: 'The attachment could not be opened.',
  start: {
    cannotStart: 'Ratio cannot start',
    addonProblem: (problem, remedy) => `better-sqlite3 has not been built for this Electron: ${problem}. Your catalogues are not affected.\n\n${remedy}`,
    remedySource:
      'In the source tree run "npm start": it builds better-sqlite3 for this Electron before it starts the app (or run "node electron/build/native-electron.mjs --strict" to see why the build fails).',
    remedyInstalled: 'This installation of Ratio is incomplete or damaged; reinstall Ratio.',
  },
};

const ru: ShellText = {
  menu: {
    file: 'Файл',
    newEntry: 'Новая запись',
    importBundle: 'Импорт пакета…',
    exportBundle: 'Экспорт пакета…',
    backUp: 'Создать резервную копию каталога…',
    restore: 'Восстановить каталог из резервной копии…',
    compact: 'Сжать каталог…',
    openCatalogue: 'Открыть каталог…',
    openRecent: 'Недавние каталоги',
    noRecent: 'Недавних каталогов нет',
    clearRecent: 'Очистить список',
    quit: 'Выход',
    exit: 'Выход',
    edit: 'Правка',
    undo: 'Отменить',
    redo: 'Повторить',
    cut: 'Вырезать',
    copy: 'Копировать',
    paste: 'Вставить',
    pasteAndMatchStyle: 'Вставить без оформления',
    delete: 'Удалить',
    selectAll: 'Выделить всё',
    view: 'Вид',
    reload: 'Перезагрузить',
    toggleDevTools: 'Инструменты разработчика',
    resetZoom: 'Исходный масштаб',
    zoomIn: 'Увеличить',
    zoomOut: 'Уменьшить',
    toggleFullScreen: 'Полноэкранный режим',
    window: 'Окно',
    minimize: 'Свернуть',
    zoom: 'Изменить масштаб',
    front: 'Все окна — на передний план',
    closeWindow: 'Закрыть окно',
    help: 'Справка',
    shortcuts: 'Сочетания клавиш',
    about: 'О программе Ratio',
    services: 'Службы',
    hide: 'Скрыть Ratio',
    hideOthers: 'Скрыть остальные',
    showAll: 'Показать все',
    quitApp: 'Завершить Ratio',
  },
  files: {
    bundles: 'Пакеты обмена Ratio',
    backups: 'Резервные копии каталога Ratio',
    allFiles: 'Все файлы',
    importTitle: 'Импорт пакета',
    exportTitle: 'Экспорт пакета',
    backUpTitle: 'Резервная копия каталога',
    restoreTitle: 'Восстановление каталога из резервной копии',
    openCatalogueTitle: 'Открыть каталог',
    openCatalogueButton: 'Открыть каталог',
    saveAttachmentTitle: 'Сохранить вложение',
  },
  buttons: {
    ok: 'ОК',
    cancel: 'Отмена',
    quit: 'Выйти',
    openAnother: 'Открыть другой каталог…',
    createCatalogue: 'Создать каталог',
    loadDemo: 'Загрузить демонстрационный каталог',
    startEmpty: 'Начать с пустого',
    restore: 'Восстановить',
    compact: 'Сжать',
  },
  open: {
    unwritable: 'Ratio не может записывать в папку каталога.',
    unwritableRemedy: 'Проверьте права доступа к папке или откройте каталог в другом месте.',
    notACatalogue: 'Это не каталог Ratio.',
    newer: 'Этот каталог записан более новой версией Ratio.',
    leftUntouched: 'Ratio ничего в нём не изменил.',
    nativeModule: 'Не удаётся загрузить модуль базы данных Ratio.',
    cannotOpen: (dir) => `Не удаётся открыть каталог в папке ${dir}.`,
    noCatalogue: 'В этой папке нет каталога.',
    createIn: (dir) => `Создать новый пустой каталог в папке ${dir}?`,
  },
  demo: {
    welcome: 'Добро пожаловать в Ratio',
    offer:
      'Ваш каталог пуст. Загрузить демонстрационный каталог, чтобы осмотреться? В нём 52 записи — технологические методы, рационализаторские предложения и изобретения из обмена между предприятиями в 1960 году. Его записи можно потом удалить.',
    failed: 'Не удалось загрузить демонстрационный каталог.',
  },
  restore: {
    question: 'Заменить каталог этой резервной копией?',
    detail: (source, dir) => `Каталог в папке ${dir} будет заменён копией ${source}. Текущая база данных сохранится рядом под именем catalogue.sqlite.bak.`,
    done: 'Каталог восстановлен.',
    previousKept: (previous) => `Прежняя база данных сохранена как ${previous}.`,
    failed: 'Резервная копия не восстановлена.',
  },
  compact: {
    question: 'Сжать каталог?',
    detail: (dir) =>
      `Файл каталога в папке ${dir} будет перезаписан без места, которое осталось неиспользованным после удаления записей и перестройки поискового указателя. Содержимое каталога не изменится. На каждые 100 000 записей уходит несколько секунд, и всё это время каталог ждёт; никакая другая программа (команда ratio, браузерный сервер ratio serve) не должна держать его открытым.`,
    done: 'Каталог сжат.',
    result: (before, after) => {
      const mb = (bytes: number): string => megabytes('ru', bytes, 'МБ');
      return `${mb(before)} → ${mb(after)}: ${after < before ? `освобождено ${mb(before - after)}` : 'неиспользованного места не было'}.`;
    },
    failed: 'Каталог не сжат.',
    busy: 'Каталог открыт другой программой (команда ratio, браузерный сервер ratio serve, другое окно Ratio): закройте её и повторите сжатие.',
  },
  backup: {
    done: 'Резервная копия каталога создана.',
    detail: (destination, bytes) =>
      `${destination} (${kilobytes('ru', bytes, 'КБ')}). Вложения остаются в папке вложений каталога; чтобы сохранить их в другом месте, скопируйте и её.`,
    failed: 'Не удалось создать резервную копию.',
  },
  unchanged: 'Каталог остался прежним.',
  about: {
    title: (version) => `Ratio ${version}`,
    detail: (versions) =>
      `База знаний о технических новшествах: рационализаторских предложениях, изобретениях и технологических методах, которыми предприятия обмениваются в виде подписанных пакетов.\n\n${versionLine(versions)}`,
  },
  attachmentFailed: 'Не удалось открыть вложение.',
  start: {
    cannotStart: 'Ratio не может запуститься',
    addonProblem: (problem, remedy) => `Модуль better-sqlite3 не собран для этой версии Electron: ${problem}. Ваши каталоги не затронуты.\n\n${remedy}`,
    remedySource:
      'В папке с исходным кодом выполните «npm start»: эта команда собирает better-sqlite3 для этой версии Electron и затем запускает приложение (чтобы узнать, почему сборка не удаётся, выполните «node electron/build/native-electron.mjs --strict»).',
    remedyInstalled: 'Установка Ratio неполна или повреждена; переустановите Ratio.',
  },
};

const zh: ShellText = {
  menu: {
    file: '文件',
    newEntry: '新建条目',
    importBundle: '导入数据包…',
    exportBundle: '导出数据包…',
    backUp: '备份成果库…',
    restore: '从备份恢复成果库…',
    compact: '压缩成果库…',
    openCatalogue: '打开成果库…',
    openRecent: '最近打开',
    noRecent: '没有最近打开的成果库',
    clearRecent: '清除最近记录',
    quit: '退出',
    exit: '退出',
    edit: '编辑',
    undo: '撤销',
    redo: '重做',
    cut: '剪切',
    copy: '复制',
    paste: '粘贴',
    pasteAndMatchStyle: '粘贴并匹配样式',
    delete: '删除',
    selectAll: '全选',
    view: '视图',
    reload: '重新加载',
    toggleDevTools: '开发者工具',
    resetZoom: '实际大小',
    zoomIn: '放大',
    zoomOut: '缩小',
    toggleFullScreen: '切换全屏',
    window: '窗口',
    minimize: '最小化',
    zoom: '缩放',
    front: '前置全部窗口',
    closeWindow: '关闭窗口',
    help: '帮助',
    shortcuts: '键盘快捷键',
    about: '关于 Ratio',
    services: '服务',
    hide: '隐藏 Ratio',
    hideOthers: '隐藏其他',
    showAll: '全部显示',
    quitApp: '退出 Ratio',
  },
  files: {
    bundles: 'Ratio 交换数据包',
    backups: 'Ratio 成果库备份',
    allFiles: '所有文件',
    importTitle: '导入数据包',
    exportTitle: '导出数据包',
    backUpTitle: '备份成果库',
    restoreTitle: '从备份恢复成果库',
    openCatalogueTitle: '打开成果库',
    openCatalogueButton: '打开成果库',
    saveAttachmentTitle: '保存附件',
  },
  buttons: {
    ok: '确定',
    cancel: '取消',
    quit: '退出',
    openAnother: '打开其他成果库…',
    createCatalogue: '新建成果库',
    loadDemo: '加载演示成果库',
    startEmpty: '从空成果库开始',
    restore: '恢复',
    compact: '压缩',
  },
  open: {
    unwritable: 'Ratio 无法写入成果库文件夹。',
    unwritableRemedy: '请检查该文件夹的权限，或在其他位置打开成果库。',
    notACatalogue: '这不是 Ratio 成果库。',
    newer: '此成果库由更新版本的 Ratio 写入。',
    leftUntouched: 'Ratio 未对其做任何改动。',
    nativeModule: '无法加载 Ratio 的数据库模块。',
    cannotOpen: (dir) => `无法打开 ${dir} 中的成果库。`,
    noCatalogue: '此文件夹中没有成果库。',
    createIn: (dir) => `要在 ${dir} 中新建一个空成果库吗？`,
  },
  demo: {
    welcome: '欢迎使用 Ratio',
    offer: '您的成果库是空的。要加载演示成果库看看吗？其中有 52 个条目，是 1960 年企业之间交流的工艺方法、合理化建议和发明。以后可以删除这些条目。',
    failed: '无法加载演示成果库。',
  },
  restore: {
    question: '要用此备份替换成果库吗？',
    detail: (source, dir) => `${dir} 中的成果库将被 ${source} 替换。当前数据库会以 catalogue.sqlite.bak 为名保留在同一文件夹中。`,
    done: '成果库已恢复。',
    previousKept: (previous) => `原数据库已保留为 ${previous}。`,
    failed: '备份未能恢复。',
  },
  compact: {
    question: '要压缩成果库吗？',
    detail: (dir) =>
      `将重写 ${dir} 中的成果库文件，去掉删除条目和重建索引后留下的未用空间。其中的内容不会改变。每 10 万个条目需要几秒钟，期间成果库暂停处理其他操作；其他程序（ratio 命令、浏览器服务 ratio serve）不得同时打开它。`,
    done: '成果库已压缩。',
    result: (before, after) => {
      const mb = (bytes: number): string => megabytes('zh', bytes, 'MB');
      return `${mb(before)} → ${mb(after)}：${after < before ? `释放了 ${mb(before - after)}` : '没有可释放的未用空间'}。`;
    },
    failed: '成果库未压缩。',
    busy: '另一个程序（ratio 命令、浏览器服务 ratio serve 或另一个 Ratio 窗口）正打开此成果库：请关闭它后再压缩。',
  },
  backup: {
    done: '成果库已备份。',
    detail: (destination, bytes) =>
      `${destination}（${kilobytes('zh', bytes, 'KB')}）。附件仍保存在成果库的附件文件夹中；如需在别处保留附件，请一并复制该文件夹。`,
    failed: '备份失败。',
  },
  unchanged: '成果库保持原样。',
  about: {
    title: (version) => `Ratio ${version}`,
    detail: (versions) => `技术创新知识库：收录合理化建议、发明和工艺方法，以签名数据包的形式在企业之间交换。\n\n${versionLine(versions)}`,
  },
  attachmentFailed: '无法打开附件。',
  start: {
    cannotStart: 'Ratio 无法启动',
    addonProblem: (problem, remedy) => `better-sqlite3 尚未针对此版本的 Electron 构建：${problem}。您的成果库不受影响。\n\n${remedy}`,
    remedySource:
      '请在源代码目录中运行“npm start”：它会先为此版本的 Electron 构建 better-sqlite3，再启动应用（若要查看构建失败的原因，请运行“node electron/build/native-electron.mjs --strict”）。',
    remedyInstalled: '此 Ratio 安装不完整或已损坏；请重新安装 Ratio。',
  },
};

export const SHELL_TEXT: Readonly<Record<InterfaceLanguage, ShellText>> = { en, ru, zh };

export function shellText(language: InterfaceLanguage): ShellText {
  return SHELL_TEXT[language];
}
