import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { requireRead } from '../auth/access';
import { notFound } from '../common/error-codes';
import { MetricsService } from '../health/metrics.service';
import { EventBus } from '../outbox/event-bus';
import { AvailabilityService, matchesFilter, type AvailabilityFilter } from './availability.service';
import type { BedChange, WardAvailability } from '../beds/bed-changes.types';
import { BedsRepository } from '../beds/beds.repository';
import { AVAILABILITY_CHANGED, availabilityKey, BED_CHANGED, toBedChange } from '../beds/beds.topics';
import { LiveFeed } from '../live/live-feed';
import { HospitalsRepository } from '../hospitals/hospitals.repository';
import { PublicAnswerCache } from './public-answer-cache';

/** The subscriptions: availability counts for everyone, bed states for the staff of a ward. */
@Injectable()
export class LiveAvailabilityService implements OnModuleInit, OnModuleDestroy {
  private readonly counts: LiveFeed<WardAvailability>;
  private readonly beds: LiveFeed<BedChange>;

  constructor(
    private readonly bedsRepo: BedsRepository,
    private readonly hospitals: HospitalsRepository,
    private readonly availability: AvailabilityService,
    private readonly metrics: MetricsService,
    answers: PublicAnswerCache,
    bus: EventBus,
  ) {
    this.counts = new LiveFeed(bus, {
      topic: AVAILABILITY_CHANGED.name,
      parse: AVAILABILITY_CHANGED.parse,
      keyOf: availabilityKey,
      seqOf: (v) => BigInt(v.seq),
      current: () => this.availability.list({}),
      onValue: (value) => {
        this.availability.changed(value);
        answers.countsChanged(value);
      },
    });
    this.beds = new LiveFeed(bus, {
      topic: BED_CHANGED.name,
      parse: BED_CHANGED.parse,
      keyOf: (b) => b.bedId,
      seqOf: (b) => BigInt(b.version),
      current: () => this.bedStates(null),
    });
  }

  /** Only in the API (AvailabilityApiModule): a worker serves no subscribers and needs no listener. */
  async onModuleInit(): Promise<void> {
    this.metrics.registerGauge('siranap_live_subscriptions', 'Subscriptions served by this process, by feed.', ['feed'], () =>
      Promise.resolve([
        { labels: { feed: 'availability' }, value: this.counts.size },
        { labels: { feed: 'beds' }, value: this.beds.size },
      ]),
    );
    await Promise.all([this.counts.start(), this.beds.start()]);
  }

  onModuleDestroy(): void {
    this.counts.stop();
    this.beds.stop();
  }

  watchAvailability(filter: AvailabilityFilter): Promise<AsyncIterableIterator<WardAvailability>> {
    const matches = (v: WardAvailability) => matchesFilter(filter, v);
    return this.counts.open(matches, {
      key: [filter.hospitalCode, filter.wardId, filter.bedClass].map((part) => part ?? '').join('|'),
      read: async () => {
        const rows = await this.availability.list(filter);
        // A hospital or ward that exists but has no beds yet (a new install) is watched until it has.
        if (rows.length === 0 && filter.hospitalCode && !(await this.hospitals.hospitalByCode(filter.hospitalCode)))
          throw notFound('Hospital', filter.hospitalCode);
        if (rows.length === 0 && filter.wardId && !(await this.hospitals.wardById(filter.wardId))) throw notFound('Ward', filter.wardId);
        return rows;
      },
    });
  }

  async watchBeds(principal: Principal, wardId: string): Promise<AsyncIterableIterator<BedChange>> {
    requireRead(principal, 'bedChanged', { wardId });
    const matches = (b: BedChange) => b.wardId === wardId;
    return this.beds.open(matches, {
      key: wardId,
      read: async () => {
        const beds = await this.bedStates(wardId);
        if (beds.length === 0) throw notFound('Ward with beds', wardId);
        return beds;
      },
    });
  }

  private async bedStates(wardId: string | null): Promise<BedChange[]> {
    return (await this.bedsRepo.bedStates(wardId)).map((r) => toBedChange(r, null));
  }
}
