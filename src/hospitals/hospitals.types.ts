import { Field, Float, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { SEX_POLICIES, type SexPolicy } from './sex-policy';
import { asEnum } from '../common/graphql-enum';

export const SexPolicyEnum = asEnum(SEX_POLICIES);
registerEnumType(SexPolicyEnum, { name: 'SexPolicy', description: 'Who a room takes: men, women or both.' });

@ObjectType('Hospital')
export class HospitalModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Short code used in queries and subscriptions.' })
  code!: string;

  @Field()
  name!: string;

  @Field()
  city!: string;

  @Field()
  address!: string;

  @Field({ description: 'Hotline.' })
  phone!: string;

  @Field(() => String, { nullable: true, description: "The hospital's code at RS Online (Kemenkes)." })
  rsOnlineCode!: string | null;

  @Field(() => Float, { nullable: true, description: 'WGS 84 latitude in degrees, for directions; null when not set.' })
  latitude!: number | null;

  @Field(() => Float, { nullable: true, description: 'WGS 84 longitude in degrees, for directions; null when not set.' })
  longitude!: number | null;

  @Field({ description: 'True when the wards, beds and patients are invented demonstration data (the demo seed), not a real hospital.' })
  demo!: boolean;
}

@ObjectType('Ward')
export class WardModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  hospitalId!: string;

  @Field()
  code!: string;

  @Field({ description: 'Ward (ruangan) name.' })
  name!: string;

  @Field({ description: 'Clinical service.' })
  service!: string;
}

@ObjectType('Room')
export class RoomModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  wardId!: string;

  @Field({ description: 'Unique within its ward.' })
  code!: string;

  @Field({ description: 'Room (kamar) name.' })
  name!: string;

  @Field(() => SexPolicyEnum)
  sexPolicy!: SexPolicy;

  @Field({ description: 'Meets the KRIS JKN room criteria (Perpres 59/2024).' })
  kris!: boolean;
}
