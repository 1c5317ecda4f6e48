/**
 * Strings compared by UTF-16 code unit, whatever the locale: the order every map and list the analysis
 * writes is built in, so that a reload or another machine writes the same bytes (docs/architecture.md,
 * "Interrupted analyses").
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
