/**
 * Plain code-point order for ids, names and class names (ASCII): deterministic like
 * localeCompare, and far cheaper — sorting a 10,000-session plan with localeCompare cost more
 * than deriving it.
 */
export const compareText = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
