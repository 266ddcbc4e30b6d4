import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { badInput, forbidden, notFound } from '../common/error-codes';
import { documentsOfClaim, documentWithContent, insertDocument, type DocumentMetaRow } from './claim-documents.repository';
import { findClaim, insertClaimEvent, lockClaim } from './claims.repository';
import { detectDocumentType, documentRefusal, type DocumentType } from './document-type';
import type { ClaimDocumentModel } from './ledger.models';

const FILE_NAME = /^[^\\/]{1,200}$/;
// Control characters would break the download's content-disposition header.
const hasControl = (text: string) => [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
/** A document may be added while the claim is still being decided or paid. */
const OPEN_STATUSES = ['REQUESTED', 'HELD', 'VERIFIED'];

const toModel = (r: DocumentMetaRow): ClaimDocumentModel => ({
  id: r.id,
  fileName: r.file_name,
  mediaType: r.media_type,
  byteSize: r.byte_size,
  sha256: r.sha256,
  uploadedByUsername: r.uploaded_by_username,
  uploadedAt: r.uploaded_at,
});

/**
 * Evidence documents: the submitter attaches PDF, JPEG or PNG files (type from the content, at
 * most 5 MB) while the claim is open; they are kept in PostgreSQL and their SHA-256 goes into the
 * claim's next journal entry (claim-commands.service.ts, `post`).
 */
@Injectable()
export class ClaimDocumentsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async attach(actor: Principal, claimId: string, fileName: string, content: Buffer): Promise<ClaimDocumentModel> {
    if (!FILE_NAME.test(fileName) || hasControl(fileName)) throw badInput('fileName must be 1 to 200 characters without "/", "\\" or control characters.');
    const refusal = documentRefusal(content);
    if (refusal) throw badInput(refusal);
    const mediaType = detectDocumentType(content) as DocumentType;
    return this.db.transaction(async (m) => {
      const claim = await lockClaim(m, claimId);
      if (!claim) throw notFound('Claim', claimId);
      if (claim.submitted_by !== actor.id) throw forbidden('Only the submitter of the claim may attach its evidence documents.');
      if (!OPEN_STATUSES.includes(claim.status)) {
        throw badInput(`The claim is ${claim.status}; documents may be attached while it is ${OPEN_STATUSES.join(', ')}.`);
      }
      const at = new Date();
      const sha256 = createHash('sha256').update(content).digest('hex');
      const row = await insertDocument(m, { claimId, fileName, mediaType, content, sha256, uploadedBy: actor.id, uploadedByUsername: actor.username, at });
      await insertClaimEvent(m, {
        claimId,
        action: 'ATTACH',
        from: claim.status,
        to: claim.status,
        amount: null,
        reason: `${mediaType} ${fileName} (${content.length} bytes, SHA-256 ${sha256})`,
        actorId: actor.id,
        actorUsername: actor.username,
        at,
      });
      return toModel(row);
    });
  }

  async documents(claimId: string): Promise<ClaimDocumentModel[]> {
    return (await documentsOfClaim(this.db, claimId)).map(toModel);
  }

  /** A document with its content and the claim it belongs to (for the access check). */
  async content(id: string): Promise<{ document: ClaimDocumentModel; content: Buffer; submittedBy: string }> {
    const row = await documentWithContent(this.db, id);
    if (!row) throw notFound('Document', id);
    const claim = (await findClaim(this.db, row.claim_id))!;
    return { document: toModel(row), content: row.content, submittedBy: claim.submitted_by };
  }
}
