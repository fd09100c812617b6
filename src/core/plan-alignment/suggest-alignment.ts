/**
 * Suggests which measures of a higher plan a local plan's node implements:
 * the measures sharing the most telling key terms with it. Key terms are
 * pairs of adjacent Chinese characters (Chinese has no spaces between words,
 * and most words are two characters) and English words. A term is weighted by
 * how rare it is among the measures, so "建设" or "development", found
 * everywhere, count little. Only suggestions: nothing here links anything.
 */

export interface AlignmentText {
  path: string;
  title: string;
  text: string;
}

export interface AlignmentSuggestion {
  measurePath: string;
  /** Weight of the shared terms over the weight of the node's terms that occur in any measure (0..1). */
  score: number;
  /** The shared terms, rarest first. */
  sharedTerms: string[];
}

export interface SuggestOptions {
  /** Suggestions per node. */
  limit?: number;
  /** Shared terms shown per suggestion. */
  termLimit?: number;
}

const HAN = /\p{Script=Han}/u;
/** Latin words and technical names with digits (5g, ipv6); bare numbers (years, targets) are not terms. */
const LATIN_WORD = /[a-z0-9][a-z0-9'-]*[a-z0-9]/g;
/** Words that say nothing about a measure's subject. */
const ENGLISH_STOP_WORDS = new Set([
  'about',
  'also',
  'among',
  'and',
  'are',
  'based',
  'been',
  'being',
  'both',
  'each',
  'from',
  'further',
  'have',
  'into',
  'its',
  'more',
  'other',
  'such',
  'that',
  'the',
  'their',
  'them',
  'these',
  'this',
  'through',
  'with',
  'will',
  'shall',
  'must',
  'should',
  'for',
  'not',
  'all',
  'our',
]);

/** The key terms of a text: Chinese character pairs and English words (lower case, singular-ish). */
export function keyTerms(text: string): Set<string> {
  const terms = new Set<string>();
  const normalised = text.normalize('NFKC');
  let previous: string | null = null;
  for (const char of normalised) {
    if (HAN.test(char)) {
      if (previous !== null) terms.add(previous + char);
      previous = char;
    } else {
      previous = null;
    }
  }
  for (const match of normalised.toLowerCase().matchAll(LATIN_WORD)) {
    const word = stem(match[0]);
    if (!/[a-z]/.test(word) || ENGLISH_STOP_WORDS.has(word)) continue;
    if (word.length >= 3 || /\d/.test(word)) terms.add(word);
  }
  return terms;
}

/** Folds the commonest English endings, so "networks" meets "network" and "building" "build". */
function stem(word: string): string {
  const bare = word.replace(/'s$/, '').replace(/-/g, '');
  if (bare.length > 5 && bare.endsWith('ies')) return `${bare.slice(0, -3)}y`;
  if (bare.length > 6 && bare.endsWith('ing')) return bare.slice(0, -3);
  if (bare.length > 4 && bare.endsWith('s') && !bare.endsWith('ss')) return bare.slice(0, -1);
  return bare;
}

/**
 * For each node, the measures sharing its rarest terms, best first (ties by
 * the measures' order). Nodes sharing nothing get an empty list.
 */
export function suggestAlignments(
  nodes: readonly AlignmentText[],
  measures: readonly AlignmentText[],
  options: SuggestOptions = {},
): Map<string, AlignmentSuggestion[]> {
  const limit = options.limit ?? 3;
  const termLimit = options.termLimit ?? 8;
  const measureTerms = measures.map((measure) => keyTerms(`${measure.title}\n${measure.text}`));
  const documentFrequency = new Map<string, number>();
  for (const terms of measureTerms)
    for (const term of terms) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const weight = (term: string): number => {
    const frequency = documentFrequency.get(term) ?? 0;
    return frequency === 0 ? 0 : Math.log(1 + measures.length / frequency);
  };

  const result = new Map<string, AlignmentSuggestion[]>();
  for (const node of nodes) {
    const terms = [...keyTerms(`${node.title}\n${node.text}`)].filter((term) => weight(term) > 0);
    const total = terms.reduce((sum, term) => sum + weight(term), 0);
    const suggestions: (AlignmentSuggestion & { order: number })[] = [];
    if (total > 0) {
      measures.forEach((measure, order) => {
        const shared = terms.filter((term) => measureTerms[order]!.has(term));
        if (shared.length === 0) return;
        const score = shared.reduce((sum, term) => sum + weight(term), 0) / total;
        shared.sort((a, b) => weight(b) - weight(a) || (a < b ? -1 : a > b ? 1 : 0));
        suggestions.push({
          measurePath: measure.path,
          score: Math.min(1, score),
          sharedTerms: shared.slice(0, termLimit),
          order,
        });
      });
    }
    suggestions.sort((a, b) => b.score - a.score || a.order - b.order);
    result.set(
      node.path,
      suggestions.slice(0, limit).map(({ measurePath, score, sharedTerms }) => ({
        measurePath,
        score,
        sharedTerms,
      })),
    );
  }
  return result;
}
