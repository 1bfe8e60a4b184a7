import type { MessagesIn } from '../messages.js';

/**
 * Interface text of the bulk screens, kept apart so work on one part of the app does not
 * touch the others' text; en.ts, ru.ts and zh.ts spread these in at their top level.
 */
export const bulkEn = {};

export const bulkRu: MessagesIn<typeof bulkEn, 'ru'> = {};

export const bulkZh: MessagesIn<typeof bulkEn, 'zh'> = {};
