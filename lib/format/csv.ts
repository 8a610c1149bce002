/**
 * CSV as RFC 4180 writes it (comma-separated, CRLF line ends, a field quoted when it holds a quote,
 * comma, CR or LF, quotes doubled), made safe to open in a spreadsheet: a cell that starts with
 * `=`, `+`, `-`, `@`, a tab or a CR would be read as a formula (OWASP "CSV injection"), so it gets
 * a leading `'`. Pure.
 */

/** What a cell may hold; null and undefined are empty cells. */
export type CsvValue = string | number | boolean | null | undefined;

const formulaStart = /^[=+\-@\t\r]/;
const needsQuotes = /[",\r\n]/;

/** One cell, escaped and defused. */
export function encodeCsvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  // Numbers are ours (counts), never a formula: -1 stays -1.
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const text = formulaStart.test(value) ? `'${value}` : value;
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line of cells, ended by CRLF. */
export function encodeCsvRow(cells: readonly CsvValue[]): string {
  return `${cells.map(encodeCsvCell).join(",")}\r\n`;
}
