import type { MessagesIn } from '../messages.js';

/**
 * Interface text of the curation screens, kept apart so work on one part of the app does not
 * touch the others' text; en.ts, ru.ts and zh.ts spread these in at their top level.
 */
export const curationEn = {};

export const curationRu: MessagesIn<typeof curationEn, 'ru'> = {};

export const curationZh: MessagesIn<typeof curationEn, 'zh'> = {};
