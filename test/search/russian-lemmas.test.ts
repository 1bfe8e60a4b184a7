import { describe, expect, it } from 'vitest';
import type { RequestOf } from '../../shared/contract/index.js';
import { indexText } from '../../electron/search/pipeline.js';
import { russianReadings } from '../../electron/search/russian-lemmas.js';
import { addEntry, useFreshCatalogue } from '../helpers.js';

const t = useFreshCatalogue();

type Create = RequestOf<'entries.create'>;

const add = (entry: Partial<Create> & { title: string }): Promise<string> => addEntry(t, { language: 'ru', ...entry });

async function ids(query: string): Promise<string[]> {
  return (await t.client.call('search.query', { query, limit: 200 })).hits.map((h) => h.id);
}

/** Forms Snowball cannot join (a dropped or changed vowel, -овать verbs) and other forms, each pair in both directions. */
const PAIRS: readonly (readonly [string, string])[] = [
  ['уголь', 'угля'],
  ['уголь', 'углём'],
  ['угля', 'углём'],
  ['станок', 'станка'],
  ['резец', 'резцы'],
  ['шестерня', 'шестерён'],
  ['сукно', 'сукон'],
  ['выработка', 'выработок'],
  ['метан', 'метаном'],
  ['механизировать', 'механизировали'],
  // Adjectives and verbs in their other forms too.
  ['передний', 'переднего'],
  ['механизировали', 'механизирует'],
  ['фрезеруют', 'фрезеровал'],
];

describe('Russian lemmas', () => {
  it.each(PAIRS)('%s and %s find each other', async (one, other) => {
    const a = await add({ title: `Про ${one} на шахте` });
    const b = await add({ title: `Снова ${other} в цехе` });
    await add({ title: 'Литьё бронзы' });
    expect((await ids(one)).sort()).toEqual([a, b].sort());
    expect((await ids(other)).sort()).toEqual([a, b].sort());
  });

  it('keeps coal and angle apart: уголь ranks the coal entries above the rake angle', async () => {
    const angle = await add({ title: 'Передний угол резца', summary: 'Угол заточки резца и угол наклона режущей кромки при точении' });
    const coal = [
      await add({ title: 'Добыча угля комбайном', summary: 'Выемка угля в лаве' }),
      await add({ title: 'Обогащение угля', summary: 'Сушка угля перед коксованием' }),
      await add({ title: 'Транспорт угля', summary: 'Конвейер для угля' }),
    ];
    const found = await ids('уголь');
    expect(found.sort()).toEqual([...coal].sort());
    expect(found).not.toContain(angle);
    expect(await ids('угол')).toEqual([angle]);
    expect(await ids('угла')).toEqual([angle]);
  });

  it('indexes every reading of an ambiguous form, the likeliest first: стойки is стойка, or стойкий', async () => {
    const plural = await add({ title: 'Стойки крепи' });
    const noun = await add({ title: 'Гидравлическая стойка' });
    const adjective = await add({ title: 'Стойкий к износу материал' });
    // Fewer than half the entries hold the word, so BM25 weighs it (in half or more, bm25()'s idf is floored to nothing).
    for (const title of ['Литьё бронзы', 'Сварка труб', 'Ковка железа', 'Пайка меди']) await add({ title });
    // Стойка is also the short feminine of стойкий, so all three match; the noun's entries rank first.
    const forNoun = await ids('стойка');
    expect(forNoun.sort()).toEqual([plural, noun, adjective].sort());
    expect((await ids('стойка')).slice(0, 2).sort()).toEqual([plural, noun].sort());
    expect((await ids('стойкий')).sort()).toEqual([plural, noun, adjective].sort());
    expect((await ids('стойкий'))[0]).toBe(adjective);
    expect(indexText('Стойкий')).toBe('стойкий');
    expect(indexText('стойки')).toBe('стойка стойкий');
  });

  it('finds steel by стали though its likeliest reading is the verb стать', async () => {
    const steel = await add({ title: 'Закалка стали' });
    const nominative = await add({ title: 'Инструментальная сталь' });
    expect((await ids('сталь')).sort()).toEqual([steel, nominative].sort());
    expect((await ids('стали')).sort()).toEqual([steel, nominative].sort());
    const hits = (await t.client.call('search.query', { query: 'сталь', limit: 10 })).hits;
    const quenching = hits.find((h) => h.id === steel);
    expect(quenching?.titleHighlights.map(([s, e]) => quenching.title.slice(s, e))).toEqual(['стали']);
  });

  it('keeps phrases: the other readings follow the text, so positions are unchanged', async () => {
    expect(indexText('стойки крепи')).toBe('стойка крепь стойкий крепить');
    const a = await add({ title: 'Стойки крепи усилены' });
    await add({ title: 'Крепи и стойки' });
    expect(await ids('"стойки крепи"')).toEqual([a]);
  });

  it('keeps a known prefix in the lemma: двукратная is двукратный, not кратный', async () => {
    expect(russianReadings('двукратная')).toEqual({ term: 'двукратный', others: [], known: true });
    const twofold = await add({ title: 'Двукратная вытяжка' });
    const other = await add({ title: 'Двукратный рост выработки' });
    await add({ title: 'Кратная передача' });
    expect((await ids('двукратная')).sort()).toEqual([twofold, other].sort());
    expect(await ids('кратный')).not.toContain(twofold);
  });

  it('uses Snowball for words the dictionary lacks and never a guess of its own', () => {
    expect(russianReadings('абвгдейка')).toEqual({ term: 'абвгдейк', others: [], known: false });
    expect(russianReadings('шестерен')).toEqual({ term: 'шестерня', others: [], known: true });
    // A suppletive lemma would start with another letter: the word keeps its stem.
    expect(russianReadings('людей').term.startsWith('л')).toBe(true);
  });
});
