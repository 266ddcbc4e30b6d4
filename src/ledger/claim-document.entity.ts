import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DOCUMENT_TYPES, type DocumentType } from './document-type';
import { Claim } from './claim.entity';

/**
 * An evidence document of a claim, kept in PostgreSQL (so one backup holds everything).
 * Append-only; its SHA-256 goes into the claim's next journal entry, so a file swapped later
 * no longer matches the chain.
 */
@Entity('claim_documents')
@Index('ix_claim_documents_claim', ['claimId', 'uploadedAt'])
export class ClaimDocument {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_claim_documents' })
  id!: string;

  @Column({ name: 'claim_id', type: 'uuid' })
  claimId!: string;

  @ManyToOne(() => Claim, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'claim_id', foreignKeyConstraintName: 'fk_claim_documents_claim' })
  claim?: Claim;

  @Column({ name: 'file_name', type: 'varchar', length: 200 })
  fileName!: string;

  /** Told from the content, never from the name or the client. */
  @Column({ name: 'media_type', type: 'enum', enum: DOCUMENT_TYPES, enumName: 'document_media_type' })
  mediaType!: DocumentType;

  @Column({ name: 'byte_size', type: 'integer' })
  byteSize!: number;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'bytea' })
  content!: Buffer;

  @Column({ name: 'uploaded_by', type: 'uuid' })
  uploadedBy!: string;

  @Column({ name: 'uploaded_by_username', type: 'varchar', length: 64 })
  uploadedByUsername!: string;

  @Column({ name: 'uploaded_at', type: 'timestamptz', default: () => 'now()' })
  uploadedAt!: Date;
}
