import lunr from 'lunr';

/**
 * lunr's query parser and token-set constructors, typed as they are at run time
 * (@types/lunr omits QueryParser and declares TokenSet's static builders as instance methods).
 */
interface TokenSetBuilders {
  fromArray(sorted: string[]): lunr.TokenSet;
  fromFuzzyString(term: string, editDistance: number): lunr.TokenSet;
  fromString(pattern: string): lunr.TokenSet;
}

export interface ParsedClause {
  term: string;
  fields: string[];
  presence?: number;
  boost?: number;
  editDistance?: number;
  usePipeline?: boolean;
}

interface LunrQueryParser {
  parse(): { clauses: ParsedClause[] };
}

interface LunrRuntime {
  QueryParser: new (query: string, target: lunr.Query) => LunrQueryParser;
  QueryParseError: new (...args: never[]) => Error & { start: number; end: number };
}

const runtime = lunr as unknown as LunrRuntime;

export const TokenSet = lunr.TokenSet as unknown as TokenSetBuilders;

export const PRESENCE = { optional: 1, required: 2, prohibited: 3 } as const;

/** Parses with lunr.QueryParser; a lunr.QueryParseError comes back as a value, anything else is thrown. */
export function lunrParse(text: string, fields: readonly string[]): { clauses: ParsedClause[] } | { error: string } {
  const query = new lunr.Query([...fields]);
  try {
    return { clauses: new runtime.QueryParser(text, query).parse().clauses };
  } catch (error) {
    if (error instanceof runtime.QueryParseError) return { error: error.message };
    throw error;
  }
}
