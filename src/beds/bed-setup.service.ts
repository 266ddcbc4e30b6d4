import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxService } from '../outbox/outbox.service';
import { outboxEntry, type OutboxEntry } from '../outbox/topic';
import type { BedClass } from './bed-class';
import { counterMoves, type CountedBed } from './bed-setup';
import { BedsRepository, type BedRow, type BedSetupChange } from './beds.repository';
import { AVAILABILITY_CHANGED, BED_CHANGED, toBedChange, toWardAvailability } from './beds.topics';

const counted = (bed: BedRow): CountedBed | null => (bed.retired_at === null ? { wardId: bed.ward_id, bedClass: bed.bed_class, status: bed.status } : null);

/**
 * The setup side of beds (create, change code, class or room, retire, reopen), inside the
 * caller's transaction: the bed row, its counters, and the events that tell availability,
 * subscribers, FHIR readers and RS Online, all committed together. The caller has checked the
 * rules and locked what it changes.
 */
@Injectable()
export class BedSetupService {
  constructor(
    private readonly repo: BedsRepository,
    private readonly outbox: OutboxService,
  ) {}

  async create(
    m: EntityManager,
    bed: { hospitalId: string; wardId: string; roomId: string; code: string; bedClass: BedClass },
    actorId: string | null,
  ): Promise<BedRow> {
    const row = await this.repo.insertBed(m, { ...bed, actorId, reason: 'bed created' });
    await this.publish(m, null, row);
    return row;
  }

  async change(m: EntityManager, before: BedRow, change: BedSetupChange): Promise<BedRow> {
    const row = await this.repo.updateBedSetup(m, before.id, change);
    await this.publish(m, before, row);
    return row;
  }

  async setRetired(m: EntityManager, before: BedRow, retired: boolean): Promise<BedRow> {
    const row = await this.repo.setRetired(m, before.id, retired);
    await this.publish(m, before, row);
    return row;
  }

  /** The ward's name changed: its counter rows go out again under the new name. */
  async wardRenamed(m: EntityManager, wardId: string): Promise<void> {
    const rows = await this.repo.touchWardCounters(m, wardId);
    await this.outbox.enqueueMany(
      m,
      rows.map((r) => outboxEntry(AVAILABILITY_CHANGED, toWardAvailability(r))),
    );
  }

  private async publish(m: EntityManager, before: BedRow | null, after: BedRow): Promise<void> {
    const moves = counterMoves(before && counted(before), counted(after));
    const rows = await this.repo.applyCounterDeltas(m, moves);
    const entries: OutboxEntry[] = rows.map((r) => outboxEntry(AVAILABILITY_CHANGED, toWardAvailability(r)));
    entries.push(outboxEntry(BED_CHANGED, toBedChange(after, before?.status ?? null)));
    await this.outbox.enqueueMany(m, entries);
  }
}
