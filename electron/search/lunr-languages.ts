import lunr from 'lunr';
import stemmerSupport from 'lunr-languages/lunr.stemmer.support.js';
import russian from 'lunr-languages/lunr.ru.js';
import chinese from 'lunr-languages/lunr.zh.js';

/**
 * The few parts of lunr-languages Ratio uses, typed. The package's own declarations type
 * everything as `any`, so they are narrowed here once and nothing untyped leaks out.
 */
type PipelineFunction = (token: lunr.Token) => lunr.Token | undefined;

interface LanguageModule {
  stemmer: PipelineFunction;
  stopWordFilter: PipelineFunction;
}

type Plugin = (target: typeof lunr) => void;

interface WithLanguages {
  ru?: LanguageModule;
  zh?: LanguageModule;
}

const withLanguages = lunr as unknown as WithLanguages;

function load(): { ru: LanguageModule; zh: LanguageModule } {
  if (!withLanguages.ru || !withLanguages.zh) {
    (stemmerSupport as unknown as Plugin)(lunr);
    (russian as unknown as Plugin)(lunr);
    (chinese as unknown as Plugin)(lunr);
  }
  const { ru, zh } = withLanguages;
  if (!ru || !zh) throw new Error('lunr-languages did not register the Russian and Chinese pipelines.');
  return { ru, zh };
}

const languages = load();

/** Applies one lunr pipeline function to a bare word; undefined when it drops the word (a stop word). */
function apply(fn: PipelineFunction, word: string): string | undefined {
  const out = fn(new lunr.Token(word, {}));
  return out === undefined ? undefined : out.toString();
}

const englishStemmer = lunr.stemmer as unknown as PipelineFunction;
const englishStopWords = lunr.stopWordFilter as unknown as PipelineFunction;

export const englishPipeline = {
  isStopWord: (word: string): boolean => apply(englishStopWords, word) === undefined,
  stem: (word: string): string => apply(englishStemmer, word) ?? word,
};

export const russianPipeline = {
  isStopWord: (word: string): boolean => apply(languages.ru.stopWordFilter, word) === undefined,
  stem: (word: string): string => apply(languages.ru.stemmer, word) ?? word,
};

export const chinesePipeline = {
  isStopWord: (word: string): boolean => apply(languages.zh.stopWordFilter, word) === undefined,
};
