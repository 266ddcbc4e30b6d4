import { Field, ID, ObjectType } from '@nestjs/graphql';

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
