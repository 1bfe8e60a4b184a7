import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPage, useHostAndBrowser } from '../e2e/harness.js';

const env = useHostAndBrowser();

describe('the page in a browser', () => {
  it('opens under http://localhost:PORT as well as under 127.0.0.1 (its module scripts are not refused)', async () => {
    const { host } = env.host();
    const { page, errors } = await openPage(env.browser(), `http://localhost:${host.port}/?token=${host.token}`);
    await expect.poll(() => page.getByRole('link', { name: 'New entry' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('says in the person’s language that the catalogue is busy, and saves on Retry once it is free', async () => {
    const { host, catalogue } = env.host();
    const { page, errors } = await openPage(env.browser(), host.url, 'ru-RU');
    await page.getByRole('link', { name: 'Новая запись' }).click();
    await page.getByLabel('Название', { exact: true }).fill('Декатировка паром в два прохода');
    // Another process holds the write lock for longer than this connection waits.
    catalogue.db.pragma('busy_timeout = 100');
    const other = new Database(path.join(catalogue.dir, 'catalogue.sqlite'));
    other.exec('BEGIN IMMEDIATE');
    try {
      await page.getByRole('button', { name: 'Сохранить' }).click();
      const alert = page.getByRole('alert');
      await expect.poll(() => alert.textContent()).toMatch(/Каталог занят другим изменением/);
      expect(await alert.textContent()).not.toMatch(/Something went wrong inside Ratio/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
      catalogue.db.pragma('busy_timeout = 30000');
    }
    await page.getByRole('alert').getByRole('button', { name: 'Повторить' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Декатировка паром в два прохода');
    expect(catalogue.db.prepare('SELECT count(*) FROM entries').pluck().get()).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
