import type { MessagesIn } from '../messages.js';

/**
 * Interface text of the search screens, kept apart so work on one part of the app does not
 * touch the others' text; en.ts, ru.ts and zh.ts spread these in at their top level.
 */
export const searchEn = {};

export const searchRu: MessagesIn<typeof searchEn, 'ru'> = {};

export const searchZh: MessagesIn<typeof searchEn, 'zh'> = {};
