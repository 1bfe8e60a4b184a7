import type { MessagesIn } from '../messages.js';

/**
 * Interface text of the adoptions screens, kept apart so work on one part of the app does not
 * touch the others' text; en.ts, ru.ts and zh.ts spread these in at their top level.
 */
export const adoptionsEn = {};

export const adoptionsRu: MessagesIn<typeof adoptionsEn, 'ru'> = {};

export const adoptionsZh: MessagesIn<typeof adoptionsEn, 'zh'> = {};
