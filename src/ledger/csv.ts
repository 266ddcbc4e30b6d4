/**
 * One CSV field (RFC 4180). A text starting with =, +, -, @, tab or CR is prefixed with ' so a
 * spreadsheet opening the export does not run a patient name as a formula.
 */
export function csvField(value: string | number | bigint | boolean | Date | null): string {
  if (value === null) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly (string | number | bigint | boolean | Date | null)[]): string {
  return values.map(csvField).join(',') + '\r\n';
}
