import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { BedClassEnum, BedStatusEnum, ReservationPurposeEnum } from './beds.types';
import type { BedClass } from './bed-class';
import type { BedStatus } from './bed-status';
import type { ReservationPurpose } from './reservation-rules';

/** Public: counts and ward names only, never patient data. */
@ObjectType('WardAvailability')
export class WardAvailability {
  @Field()
  hospitalCode!: string;

  @Field(() => ID)
  wardId!: string;

  @Field()
  wardName!: string;

  @Field(() => BedClassEnum)
  bedClass!: BedClass;

  @Field(() => Int, { description: 'RS Online id_tt of the bed class.' })
  rsOnlineCode!: number;

  @Field({ description: 'Name of the bed class as shown to the public (e.g. "Kelas III").' })
  bedClassLabel!: string;

  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  available!: number;

  @Field(() => Int)
  occupied!: number;

  @Field(() => Int)
  reserved!: number;

  @Field(() => Int, { description: 'Being cleaned or disinfected.' })
  cleaning!: number;

  @Field(() => Int, { description: 'Closed, or kept for isolation.' })
  closed!: number;

  @Field(() => Int, { description: 'Patients on the waiting list for a bed of this class in this ward.' })
  waiting!: number;

  @Field(() => Int, { description: "Patients waiting for a bed of this class in any of the hospital's wards (the same number on each such ward)." })
  waitingAnyWard!: number;

  @Field(() => Int, {
    description:
      'Free beds left for a patient arriving now: available less waiting and waitingAnyWard, never below 0. 0 means full for a newcomer, though beds may be free for those already waiting.',
  })
  availableForNewcomer!: number;

  @Field(() => Int, { description: 'Free beds in rooms for men only (Aplicares tersediapria). freeMaleOnly + freeFemaleOnly + freeEither = available.' })
  freeMaleOnly!: number;

  @Field(() => Int, { description: 'Free beds in rooms for women only (Aplicares tersediawanita).' })
  freeFemaleOnly!: number;

  @Field(() => Int, { description: 'Free beds in rooms for men and women (Aplicares tersediapriawanita).' })
  freeEither!: number;

  @Field(() => Int, { description: 'Occupied beds whose patient is expected to leave within 24 hours (or is past the expected day), as of updatedAt.' })
  expectedFreeWithin24h!: number;

  @Field(() => String, { description: 'Grows with every change of these counts; a newer message has a larger seq.' })
  seq!: string;

  @Field()
  updatedAt!: Date;
}

/** A bed's state, for the staff of its ward: what changed, never who lies in it. */
@ObjectType('BedChange')
export class BedChange {
  @Field(() => ID)
  bedId!: string;

  @Field(() => ID)
  wardId!: string;

  @Field()
  code!: string;

  @Field(() => BedClassEnum)
  bedClass!: BedClass;

  @Field(() => BedStatusEnum)
  status!: BedStatus;

  @Field(() => BedStatusEnum, { nullable: true, description: 'The status before this change; null in the current state sent first.' })
  fromStatus!: BedStatus | null;

  @Field(() => Int, { description: 'The bed version after the change; a newer message has a larger version.' })
  version!: number;

  @Field()
  statusSince!: Date;

  @Field(() => ID)
  roomId!: string;

  @Field({ description: 'The bed was retired: it has left the ward (its history is kept).' })
  retired!: boolean;

  @Field(() => Date, { nullable: true, description: 'While RESERVED: when the reservation runs out and the service frees the bed.' })
  reservedUntil!: Date | null;

  @Field(() => ReservationPurposeEnum, { nullable: true, description: 'While RESERVED: what the bed is held for.' })
  reservationPurpose!: ReservationPurpose | null;
}
