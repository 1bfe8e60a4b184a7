import type { MessagesIn } from '../messages.js';

/**
 * Interface text of the links screens, kept apart so work on one part of the app does not
 * touch the others' text; en.ts, ru.ts and zh.ts spread these in at their top level.
 */
export const linksEn = {};

export const linksRu: MessagesIn<typeof linksEn, 'ru'> = {};

export const linksZh: MessagesIn<typeof linksEn, 'zh'> = {};
