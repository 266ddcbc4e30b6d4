import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { notFound } from '../common/error-codes';
import { HospitalsRepository } from '../hospitals/hospitals.repository';
import type { HospitalModel } from '../hospitals/hospitals.types';
import { EventBus } from '../outbox/event-bus';
import { LiveFeed } from '../live/live-feed';
import { SETUP_CHANGED } from './setup.topics';
import type { SetupEntity } from './setup-audit.entity';

/**
 * One setup change of a hospital as the feed carries it. The topic names the hospital, not its
 * new profile: the row is read once per change, lazily, by the first subscriber's execution,
 * and shared by every other one (the shared frames keep the payload beside this object).
 */
export interface HospitalProfileEvent {
  hospitalCode: string;
  entity: SetupEntity;
  /** Arrival order in this process: a later event reads a row at least as new. */
  seq: bigint;
  profile(): Promise<HospitalModel>;
}

/** The public hospitalChanged subscription: a hospital's name, address and hotline, first as they are, then after each change. */
@Injectable()
export class LiveHospitalService implements OnModuleInit, OnModuleDestroy {
  private readonly feed: LiveFeed<HospitalProfileEvent>;
  private seq = 0n;

  constructor(
    private readonly hospitals: HospitalsRepository,
    bus: EventBus,
  ) {
    this.feed = new LiveFeed(bus, {
      topic: SETUP_CHANGED.name,
      parse: (raw) => {
        const change = SETUP_CHANGED.parse(raw);
        return this.event(change.hospitalCode, change.entity);
      },
      keyOf: (e) => e.hospitalCode,
      seqOf: (e) => e.seq,
      // After pub/sub reconnects every hospital is sent again (a service holds one or a few).
      current: async () => (await this.hospitals.hospitals()).map((h) => this.event(h.code, 'HOSPITAL')),
    });
  }

  async onModuleInit(): Promise<void> {
    await this.feed.start();
  }

  onModuleDestroy(): void {
    this.feed.stop();
  }

  async watch(code: string): Promise<AsyncIterableIterator<HospitalProfileEvent>> {
    // Wards, rooms and beds change often during setup; only the hospital row's changes are sent.
    const matches = (e: HospitalProfileEvent) => e.hospitalCode === code && e.entity === 'HOSPITAL';
    return this.feed.open(matches, {
      key: code,
      read: async () => {
        const first = this.event(code, 'HOSPITAL');
        await first.profile();
        return [first];
      },
    });
  }

  private event(hospitalCode: string, entity: SetupEntity): HospitalProfileEvent {
    let row: Promise<HospitalModel> | null = null;
    return {
      hospitalCode,
      entity,
      seq: ++this.seq,
      profile: () =>
        (row ??= this.hospitals.hospitalByCode(hospitalCode).then((h) => {
          if (!h) throw notFound('Hospital', hospitalCode);
          return h;
        })),
    };
  }
}
