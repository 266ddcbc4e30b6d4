/**
 * SQL of claim_documents: the evidence files of claims (bytea), their metadata, and which of
 * them no journal entry records yet. Raw SQL on the DataSource or the caller's transaction.
 */
import type { DocumentType } from './document-type';
import type { ChainDocument } from './hash-chain';
import type { Queryable } from './queryable';

export interface DocumentMetaRow {
  id: string;
  claim_id: string;
  file_name: string;
  media_type: DocumentType;
  byte_size: number;
  sha256: string;
  uploaded_by: string;
  uploaded_by_username: string;
  uploaded_at: Date;
}

const META = 'id, claim_id, file_name, media_type, byte_size, sha256, uploaded_by, uploaded_by_username, uploaded_at';

export async function insertDocument(
  m: Queryable,
  d: { claimId: string; fileName: string; mediaType: DocumentType; content: Buffer; sha256: string; uploadedBy: string; uploadedByUsername: string; at: Date },
): Promise<DocumentMetaRow> {
  const [row] = await m.query<DocumentMetaRow[]>(
    `INSERT INTO claim_documents (claim_id, file_name, media_type, byte_size, sha256, content, uploaded_by, uploaded_by_username, uploaded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${META}`,
    [d.claimId, d.fileName, d.mediaType, d.content.length, d.sha256, d.content, d.uploadedBy, d.uploadedByUsername, d.at],
  );
  return row;
}

export function documentsOfClaim(q: Queryable, claimId: string): Promise<DocumentMetaRow[]> {
  return q.query<DocumentMetaRow[]>(`SELECT ${META} FROM claim_documents WHERE claim_id = $1 ORDER BY uploaded_at, id`, [claimId]);
}

export async function documentWithContent(q: Queryable, id: string): Promise<(DocumentMetaRow & { content: Buffer }) | null> {
  const rows = await q.query<(DocumentMetaRow & { content: Buffer })[]>(`SELECT ${META}, content FROM claim_documents WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** Documents of the claim that no journal entry lists yet; the claim's next posting records them. */
export function unrecordedDocuments(m: Queryable, claimId: string): Promise<ChainDocument[]> {
  return m.query<ChainDocument[]>(
    `SELECT d.id::text AS id, d.sha256 FROM claim_documents d
      WHERE d.claim_id = $1
        AND NOT EXISTS (SELECT 1 FROM journal_entries e, jsonb_array_elements(e.documents) x
                         WHERE e.claim_id = $1 AND x->>'id' = d.id::text)
      ORDER BY d.uploaded_at, d.id`,
    [claimId],
  );
}

/** `unrecordedDocuments` of several claims in one statement, by claim (claims without any are absent). */
export async function unrecordedDocumentsOf(m: Queryable, claimIds: readonly string[]): Promise<Map<string, ChainDocument[]>> {
  const rows = await m.query<(ChainDocument & { claim_id: string })[]>(
    `SELECT d.claim_id::text AS claim_id, d.id::text AS id, d.sha256 FROM claim_documents d
      WHERE d.claim_id = ANY($1::uuid[])
        AND NOT EXISTS (SELECT 1 FROM journal_entries e, jsonb_array_elements(e.documents) x
                         WHERE e.claim_id = d.claim_id AND x->>'id' = d.id::text)
      ORDER BY d.uploaded_at, d.id`,
    [claimIds],
  );
  const byClaim = new Map<string, ChainDocument[]>();
  for (const { claim_id: claimId, id, sha256 } of rows) byClaim.set(claimId, [...(byClaim.get(claimId) ?? []), { id, sha256 }]);
  return byClaim;
}

/** SHA-256 of the stored content of each document, recomputed by the database (a swapped file shows here). */
export function contentHashes(q: Queryable, ids: readonly string[]): Promise<{ id: string; actual: string }[]> {
  return q.query<{ id: string; actual: string }[]>(
    `SELECT id::text AS id, encode(sha256(content), 'hex') AS actual FROM claim_documents WHERE id = ANY($1::uuid[])`,
    [ids],
  );
}
