import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const SETUP_ENTITIES = ['HOSPITAL', 'WARD', 'ROOM', 'BED'] as const;
export type SetupEntity = (typeof SETUP_ENTITIES)[number];

export const SETUP_ACTIONS = ['CREATE', 'UPDATE', 'RETIRE', 'REOPEN'] as const;
export type SetupAction = (typeof SETUP_ACTIONS)[number];

/**
 * Every change of a hospital, ward, room or bed's setup: who, when, and the record before and
 * after. Append-only: a database trigger refuses UPDATE, DELETE and TRUNCATE.
 */
@Entity('setup_audit')
@Index('ix_setup_audit_entity', ['entityId', 'id'])
@Index('ix_setup_audit_hospital', ['hospitalCode', 'id'])
export class SetupAuditEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'pk_setup_audit' })
  id!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  /** Null when the service itself acted (the demo seed). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ name: 'actor_username', type: 'varchar', length: 64, nullable: true })
  actorUsername!: string | null;

  @Column({ type: 'enum', enum: SETUP_ENTITIES, enumName: 'setup_entity' })
  entity!: SetupEntity;

  /** No foreign key: the record names what it changed, whatever that became. */
  @Column({ name: 'entity_id', type: 'uuid' })
  entityId!: string;

  @Column({ type: 'enum', enum: SETUP_ACTIONS, enumName: 'setup_action' })
  action!: SetupAction;

  @Column({ type: 'jsonb', nullable: true })
  before!: Record<string, unknown> | null;

  @Column({ type: 'jsonb' })
  after!: Record<string, unknown>;

  /** The hospital the change belongs to (null on entries written before it was recorded). */
  @Column({ name: 'hospital_code', type: 'varchar', length: 32, nullable: true })
  hospitalCode!: string | null;

  /** How the change came: the API, the import, or the demo seed. */
  @Column({ type: 'varchar', length: 32 })
  via!: string;
}
