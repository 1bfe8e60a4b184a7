import type { MessagesIn } from '../messages.js';

/**
 * Interface text about the text read from attached files (search hits, the entry page, the
 * import preview); en.ts, ru.ts and zh.ts spread these in at their top level.
 */
export const attachmentTextEn = {
  attachmentText: {
    matchedIn: 'matched in: attachment',
    page: ', p. {{page}}:',
    nameOnly: 'file name:',
    openAtPage: 'Open {{name}} at page {{page}}',
    queued: 'waiting to be read',
    reading: 'reading text…',
    readingPages: 'reading text… {{done}}/{{total}} pages',
    readingFiles: 'file {{done}} of {{total}}',
    done_one: 'text read: {{count}} page',
    done_other: 'text read: {{count}} pages',
    failed: 'could not be read: {{reason}}',
    unsupported: 'no text can be read from this type: {{reason}}',
    tooLarge: 'too large to read: {{reason}}',
    showText: 'Show the text read',
    hideText: 'Hide the text read',
    pageHeading: 'Page {{page}}',
    ocr: 'read by OCR',
    noText: 'No text was found in this file.',
    previewTypes: 'Attached files by type',
    previewCount_one: '{{count}} file, {{size}}',
    previewCount_other: '{{count}} files, {{size}}',
  },
};

export const attachmentTextRu: MessagesIn<typeof attachmentTextEn, 'ru'> = {
  attachmentText: {
    matchedIn: 'найдено во вложении',
    page: ', с. {{page}}:',
    nameOnly: 'имя файла:',
    openAtPage: 'Открыть {{name}} на странице {{page}}',
    queued: 'ждёт чтения',
    reading: 'читается текст…',
    readingPages: 'читается текст… {{done}}/{{total}} с.',
    readingFiles: 'файл {{done}} из {{total}}',
    done_one: 'текст прочитан: {{count}} страница',
    done_few: 'текст прочитан: {{count}} страницы',
    done_many: 'текст прочитан: {{count}} страниц',
    done_other: 'текст прочитан: {{count}} страницы',
    failed: 'не удалось прочитать: {{reason}}',
    unsupported: 'из файлов этого типа текст не читается: {{reason}}',
    tooLarge: 'слишком большой для чтения: {{reason}}',
    showText: 'Показать прочитанный текст',
    hideText: 'Скрыть прочитанный текст',
    pageHeading: 'Страница {{page}}',
    ocr: 'распознано (OCR)',
    noText: 'В файле не найдено текста.',
    previewTypes: 'Вложения по типам',
    previewCount_one: '{{count}} файл, {{size}}',
    previewCount_few: '{{count}} файла, {{size}}',
    previewCount_many: '{{count}} файлов, {{size}}',
    previewCount_other: '{{count}} файла, {{size}}',
  },
};

export const attachmentTextZh: MessagesIn<typeof attachmentTextEn, 'zh'> = {
  attachmentText: {
    matchedIn: '匹配于：附件',
    page: '，第 {{page}} 页：',
    nameOnly: '文件名：',
    openAtPage: '在第 {{page}} 页打开 {{name}}',
    queued: '等待读取',
    reading: '正在读取文本…',
    readingPages: '正在读取文本… {{done}}/{{total}} 页',
    readingFiles: '第 {{done}} 个文件，共 {{total}} 个',
    done_other: '已读取文本：{{count}} 页',
    failed: '无法读取：{{reason}}',
    unsupported: '无法从此类型读取文本：{{reason}}',
    tooLarge: '文件过大，无法读取：{{reason}}',
    showText: '显示读取的文本',
    hideText: '隐藏读取的文本',
    pageHeading: '第 {{page}} 页',
    ocr: '经 OCR 识别',
    noText: '此文件中未找到文本。',
    previewTypes: '附件类型',
    previewCount_other: '{{count}} 个文件，{{size}}',
  },
};
