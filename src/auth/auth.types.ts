import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { asEnum } from '../common/graphql-enum';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsString, IsUUID, Length, Matches } from 'class-validator';
import { ROLES, type Role } from './roles';

export const RoleEnum = asEnum(ROLES);
registerEnumType(RoleEnum, { name: 'Role', description: 'What a user may do (DESIGN.md, roles).' });

@ObjectType('User')
export class UserModel {
  @Field(() => ID)
  id!: string;

  @Field()
  username!: string;

  @Field(() => [RoleEnum])
  roles!: Role[];

  @Field(() => [ID], { description: 'Wards whose beds a WARD_STAFF user may change.' })
  wardIds!: string[];
}

@ObjectType()
export class LoginResult {
  @Field({ description: 'Send as "Authorization: Bearer <token>".' })
  token!: string;

  @Field()
  expiresAt!: Date;

  @Field(() => UserModel)
  user!: UserModel;
}

@InputType()
export class CreateUserInput {
  @Field()
  @IsString()
  @Matches(/^[a-z0-9_.-]{3,64}$/, { message: 'username must be 3-64 characters of a-z, 0-9, ".", "_" or "-"' })
  username!: string;

  @Field()
  @IsString()
  @Length(10, 200, { message: 'password must be 10 to 200 characters' })
  password!: string;

  @Field(() => [RoleEnum])
  @IsArray()
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @Field(() => [ID], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'each of wardIds must be a ward id (UUID)' })
  wardIds!: string[];
}
