type CsvValue = string | number | bigint | boolean | Date | null;

/**
 * A text a spreadsheet would read as a formula: after any leading spaces or line breaks it
 * starts with =, +, -, @, a tab or a carriage return (Excel and LibreOffice skip the blanks).
 */
const FORMULA_START = /^[ \n\r\t\f\v\u00a0]*[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180), always quoted. A text that could start a formula is prefixed with '
 * so a spreadsheet opening the export shows a patient name as text instead of running it.
 */
export function csvField(value: CsvValue): string {
  if (value === null) return '""';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** `;` is what Excel in the Indonesian locale splits on (its list separator); `,` stays available. */
export const CSV_SEPARATORS = [';', ','] as const;
export type CsvSeparator = (typeof CSV_SEPARATORS)[number];

/** The byte order mark that makes Excel read the file as UTF-8. */
export const CSV_BOM = '\ufeff';

export function csvLine(values: readonly CsvValue[], separator: CsvSeparator = ','): string {
  return values.map(csvField).join(separator) + '\r\n';
}
