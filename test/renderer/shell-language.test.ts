// The renderer tells the desktop shell its interface language: once at start and after every
// change of the selector (main.tsx hands it to the transport, whose bridge carries it).
import i18next from 'i18next';
import { describe, expect, it, vi } from 'vitest';
import { followInterfaceLanguage } from '../../renderer/src/i18n/follow.js';
import { en } from '../../renderer/src/i18n/en.js';
import { ru } from '../../renderer/src/i18n/ru.js';
import { zh } from '../../renderer/src/i18n/zh.js';

describe('the interface language, told to the shell', () => {
  it('is told at start and after every change, until the page stops following', async () => {
    await i18next.init({
      resources: { en: { translation: en }, ru: { translation: ru }, zh: { translation: zh } },
      lng: 'ru',
      supportedLngs: ['en', 'ru', 'zh'],
      fallbackLng: 'en',
    });
    const told = vi.fn();
    const stop = followInterfaceLanguage(told);
    expect(told.mock.calls).toEqual([['ru']]);

    await i18next.changeLanguage('zh');
    await i18next.changeLanguage('en');
    expect(told.mock.calls).toEqual([['ru'], ['zh'], ['en']]);

    stop();
    await i18next.changeLanguage('ru');
    expect(told).toHaveBeenCalledTimes(3);
  });
});
