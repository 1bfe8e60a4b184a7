import type { MessagesIn } from '../messages.js';

/**
 * Interface text of the exchange screens, kept apart so work on one part of the app does not
 * touch the others' text; en.ts, ru.ts and zh.ts spread these in at their top level.
 */
export const exchangeEn = {};

export const exchangeRu: MessagesIn<typeof exchangeEn, 'ru'> = {};

export const exchangeZh: MessagesIn<typeof exchangeEn, 'zh'> = {};
