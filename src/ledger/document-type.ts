/**
 * The type of an evidence document, told from its first bytes, never from its name or the
 * type the client claims: PDF (`%PDF-`), PNG (its 8-byte signature) or JPEG (FF D8 FF). Three
 * fixed signatures are all this needs; file-type (the usual library) is ESM-only in its maintained versions
 * and would be the one ESM import in this CommonJS build. Pure.
 */
export const DOCUMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** At most 5 MB per document. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

const SIGNATURES: readonly { type: DocumentType; bytes: readonly number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];

export function detectDocumentType(content: Uint8Array): DocumentType | null {
  for (const s of SIGNATURES) {
    if (content.length >= s.bytes.length && s.bytes.every((b, i) => content[i] === b)) return s.type;
  }
  return null;
}

/** Why a document is refused, or null when it is a PDF, PNG or JPEG of 1 byte to 5 MB. */
export function documentRefusal(content: Uint8Array): string | null {
  if (content.length === 0) return 'The document is empty.';
  if (content.length > MAX_DOCUMENT_BYTES) return `The document is ${content.length} bytes; at most ${MAX_DOCUMENT_BYTES} (5 MB) are allowed.`;
  if (!detectDocumentType(content)) return 'The document is not a PDF, JPEG or PNG (told from its content); only these are allowed.';
  return null;
}
