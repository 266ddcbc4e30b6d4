import { Field, Int, ObjectType } from '@nestjs/graphql';

/** For ADMIN: how the reports to RS Online go. Never carries the password. */
@ObjectType('RsOnlineStatus')
export class RsOnlineStatus {
  @Field({ description: 'False when RSONLINE_URL, RSONLINE_RS_ID and RSONLINE_PASSWORD are not set.' })
  enabled!: boolean;

  @Field(() => String, { nullable: true })
  url!: string | null;

  @Field(() => String, { nullable: true, description: 'The hospital code sent as X-rs-id.' })
  rsId!: string | null;

  @Field({ description: 'The hospital of this service that is reported.' })
  hospitalCode!: string;

  @Field(() => Date, { nullable: true })
  lastAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastSuccessAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The error of the last failed attempt (kept after a later success).' })
  lastError!: string | null;

  @Field(() => Date, { nullable: true })
  lastErrorAt!: Date | null;

  @Field(() => Int, { description: 'Failed attempts since the last success; 0 when the last attempt succeeded.' })
  consecutiveFailures!: number;

  @Field(() => Int, { description: 'Rows the last successful report changed (PUT).' })
  lastPut!: number;

  @Field(() => Int, { description: 'Rows the last successful report added (POST).' })
  lastPosted!: number;

  @Field(() => Int, { description: 'Rows the last successful report removed (DELETE).' })
  lastDeleted!: number;
}
