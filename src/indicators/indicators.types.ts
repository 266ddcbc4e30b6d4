import { Extensions, Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { BedClass } from '../beds/bed-class';
import { BedClassEnum } from '../beds/beds.types';
import { LIST_SIZE_EXTENSION } from '../limits/graphql-limits';
import { MAX_PERIOD_DAYS } from './indicators';

/**
 * Public: counts and ratios only, never patient data. Anonymous callers get no deaths
 * (FORBIDDEN) and withheld discharge figures (null, suppressed) by src/indicators/public-figures.ts.
 */
@ObjectType('BedIndicatorFigures', { description: 'Barber-Johnson figures of a period, from the bed history.' })
export class BedIndicatorFigures {
  @Field(() => Int)
  days!: number;

  @Field(() => Int, { description: 'Beds at the census of the last day.' })
  beds!: number;

  @Field(() => Int, { description: 'Beds summed over the days of the period.' })
  bedDays!: number;

  @Field(() => Int, { description: 'Hari perawatan: patients at each end-of-day census, plus those who came and left the same day.' })
  patientDays!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Patients discharged from the hospital in the period (transfers are not discharges). Null when suppressed.',
  })
  discharges!: number | null;

  @Field(() => Int, { nullable: true, description: 'Discharges recorded as deaths. ADMIN, ADMISSIONS, WARD_STAFF of the ward; others FORBIDDEN (null).' })
  deaths!: number | null;

  @Field(() => Int, { nullable: true, description: 'Discharges whose outcome (alive or died) was recorded. Null when suppressed.' })
  dischargesWithOutcome!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Days from admission date to discharge date of the discharged patients (at least 1 each). Null when suppressed.',
  })
  totalLengthOfStay!: number | null;

  @Field(() => Float, { nullable: true, description: 'Bed occupancy rate, percent: patientDays / bedDays × 100. Null without beds.' })
  bor!: number | null;

  @Field(() => Float, { nullable: true, description: 'Average length of stay, days: totalLengthOfStay / discharges. Null without discharges.' })
  alos!: number | null;

  @Field(() => Float, { nullable: true, description: 'Turn-over interval, days: (bedDays - patientDays) / discharges. Null without discharges.' })
  toi!: number | null;

  @Field(() => Float, { nullable: true, description: 'Bed turn-over, times: discharges / average beds. Null without beds.' })
  bto!: number | null;

  @Field(() => Int, { description: 'Beds that went from CLEANING to AVAILABLE in the period.' })
  cleanings!: number;

  @Field(() => Float, { nullable: true, description: 'Average minutes from CLEANING to AVAILABLE. Null without cleanings.' })
  averageCleaningMinutes!: number | null;

  @Field({ description: 'The discharge figures (discharges, outcomes, length of stay, ALOS, TOI, BTO) are withheld (null): anonymous caller, small count.' })
  suppressed!: boolean;

  /** The ward these figures are of (null: more than one ward), for the access check of deaths. */
  scopeWardId!: string | null;
}

@ObjectType('BedIndicatorGroup', { description: 'The figures of one ward and bed class.' })
export class BedIndicatorGroup extends BedIndicatorFigures {
  @Field(() => ID)
  wardId!: string;

  @Field()
  wardName!: string;

  @Field(() => BedClassEnum)
  bedClass!: BedClass;
}

@ObjectType('BedIndicatorDay')
export class BedIndicatorDay {
  @Field({ description: 'Local date (WITA), YYYY-MM-DD.' })
  date!: string;

  @Field(() => Int)
  beds!: number;

  @Field(() => Int)
  patientDays!: number;

  @Field(() => Int, { nullable: true, description: 'Null when suppressed (anonymous callers).' })
  discharges!: number | null;

  @Field(() => Int, { nullable: true, description: 'ADMIN, ADMISSIONS, WARD_STAFF of the ward; others FORBIDDEN (null).' })
  deaths!: number | null;

  @Field(() => Float, { nullable: true, description: 'patientDays / beds × 100 for the day.' })
  bor!: number | null;

  @Field({ description: 'discharges is withheld (null).' })
  suppressed!: boolean;

  scopeWardId!: string | null;
}

@ObjectType('BedIndicators')
export class BedIndicators {
  @Field()
  hospitalCode!: string;

  @Field(() => ID, { nullable: true })
  wardId!: string | null;

  @Field({ description: 'First day of the period (WITA), YYYY-MM-DD.' })
  from!: string;

  @Field({ description: 'Last day of the period (WITA), inclusive.' })
  to!: string;

  @Field({ description: 'Days are counted in this time zone.' })
  timeZone!: string;

  @Field(() => BedIndicatorFigures, { description: 'All selected wards and classes together.' })
  total!: BedIndicatorFigures;

  @Field(() => [BedIndicatorGroup], { description: 'Per ward and class, in ward code and class order.' })
  breakdown!: BedIndicatorGroup[];

  @Field(() => [BedIndicatorDay], { description: 'One entry per day of the period, for all selected wards and classes.' })
  @Extensions({ [LIST_SIZE_EXTENSION]: MAX_PERIOD_DAYS })
  daily!: BedIndicatorDay[];
}
