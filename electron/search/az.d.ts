// The parts of Az.js (npm "az", MIT) that russian-lemmas.ts uses. The package ships no types.
declare module 'az' {
  export interface AzTag {
    /** Part of speech (NOUN, ADJF, VERB, …), OpenCorpora's grammeme. */
    readonly POST: string;
  }

  export interface AzParse {
    readonly tag: AzTag;
    readonly score: number;
    /** Which of Morph.Parsers produced the parse ("Dictionary", "PrefixKnown", …). */
    readonly parser: string;
    readonly stutterCnt?: number;
    readonly typosCnt?: number;
    /** The lemma: the form the dictionary lists the word under. */
    normalize(keepPOS?: boolean): AzParse;
    /** The dictionary word, without a prefix another parser found before it. */
    readonly word: string;
    /** The whole word: the prefix a PrefixKnown parse found, then the dictionary word. */
    toString(): string;
  }

  export interface AzMorphConfig {
    ignoreCase?: boolean;
    typos?: number;
    stutter?: number;
    parsers?: string[];
    forceParse?: boolean;
  }

  export interface AzMorph {
    (word: string, config?: AzMorphConfig): AzParse[];
    init(path: string, callback: (error: Error | null) => void): void;
  }

  export type AzLoadCallback = (error: Error | null, data?: unknown) => void;

  export interface Az {
    Morph: AzMorph;
    /** How Morph.init reads each dictionary file; replaceable (russian-lemmas.ts reads them synchronously). */
    load: (url: string, responseType: 'json' | 'arraybuffer', callback: AzLoadCallback) => void;
  }

  const az: Az;
  export default az;
}
