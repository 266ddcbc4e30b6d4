import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { asEnum } from '../common/graphql-enum';
import { ConnectionType } from '../common/pagination';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { CODE, CODE_RULE } from '../common/codes';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy';
import { ROLES, type Role } from './roles';
import { USER_AUDIT_ACTIONS, type UserAuditAction } from './user-audit.entity';

export const RoleEnum = asEnum(ROLES);
registerEnumType(RoleEnum, { name: 'Role', description: 'What a user may do.' });

export const UserAuditActionEnum = asEnum(USER_AUDIT_ACTIONS);
registerEnumType(UserAuditActionEnum, { name: 'UserAuditAction' });

const PASSWORD_LENGTH = `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`;

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

  @Field(() => ID, { nullable: true, description: 'The hospital the user belongs to and acts on; null: service-wide (the city).' })
  hospitalId!: string | null;

  @Field(() => String, { nullable: true, description: "The hospital's code; null: service-wide." })
  hospitalCode!: string | null;

  @Field({ description: 'A disabled user cannot log in; their tokens are refused.' })
  disabled!: boolean;

  @Field({ description: 'After resetPassword: only changePassword, logout and me are allowed until the password is changed.' })
  mustChangePassword!: boolean;

  @Field()
  createdAt!: Date;
}

@ObjectType()
export class UserConnection extends ConnectionType(UserModel, 'User') {}

@ObjectType()
export class LoginResult {
  @Field({ description: 'Send as "Authorization: Bearer <token>". It names a session: logout ends it.' })
  token!: string;

  @Field()
  expiresAt!: Date;

  @Field({ description: 'True after resetPassword: call changePassword before anything else.' })
  mustChangePassword!: boolean;

  @Field(() => UserModel)
  user!: UserModel;
}

@ObjectType()
export class ResetPasswordResult {
  @Field({ description: 'Give it to the user; it works once: the user must change it at the next login.' })
  temporaryPassword!: string;
}

@ObjectType('UserAuditChange')
export class UserAuditChangeModel {
  @Field()
  field!: string;

  @Field(() => String, { nullable: true, description: 'Lists are comma-separated; a password is never shown, only that it changed.' })
  before!: string | null;

  @Field(() => String, { nullable: true })
  after!: string | null;
}

@ObjectType('UserAuditEntry')
export class UserAuditEntryModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  userId!: string;

  @Field()
  username!: string;

  @Field(() => ID, { nullable: true, description: 'Null when the service itself acted (ADMIN_USERNAME/ADMIN_PASSWORD at start).' })
  actorId!: string | null;

  @Field(() => String, { nullable: true })
  actorUsername!: string | null;

  @Field(() => UserAuditActionEnum)
  action!: UserAuditAction;

  @Field(() => [UserAuditChangeModel])
  changes!: UserAuditChangeModel[];

  @Field()
  at!: Date;
}

@InputType()
export class CreateUserInput {
  @Field()
  @IsString()
  @Matches(/^[a-z0-9_.-]{3,64}$/, { message: 'username must be 3-64 characters of a-z, 0-9, ".", "_" or "-"' })
  username!: string;

  @Field({ description: `At least ${PASSWORD_MIN_LENGTH} characters, not common or trivial.` })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, { message: `password ${PASSWORD_LENGTH}` })
  password!: string;

  @Field(() => [RoleEnum], { description: 'At most one of ADMISSIONS, VERIFIER, FINANCE.' })
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

  @Field(() => String, {
    nullable: true,
    description:
      "The user's hospital. Left out: the caller's hospital, else that of wardIds, else service-wide. null: service-wide (a service-wide ADMIN only). A hospital's ADMIN gives only their own.",
  })
  @IsOptional()
  @IsString()
  @Matches(CODE, { message: `hospitalCode must be ${CODE_RULE}` })
  hospitalCode?: string | null;
}

@InputType({ description: "The fields given are set; the others stay. New roles or wards, or disabling, end the user's sessions." })
export class UpdateUserInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a user id (UUID)' })
  id!: string;

  @Field(() => [RoleEnum], { nullable: true, description: 'At most one of ADMISSIONS, VERIFIER, FINANCE.' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'each of wardIds must be a ward id (UUID)' })
  wardIds?: string[];

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'Moves the user to this hospital (its wards must come with it in wardIds); null: service-wide (a service-wide ADMIN only). Left out: unchanged.',
  })
  @IsOptional()
  @IsString()
  @Matches(CODE, { message: `hospitalCode must be ${CODE_RULE}` })
  hospitalCode?: string | null;
}

@InputType()
export class UserFilter {
  @Field(() => RoleEnum, { nullable: true })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'wardId must be a ward id (UUID)' })
  wardId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

@InputType()
export class ChangePasswordInput {
  @Field()
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH, { message: `currentPassword must be 1 to ${PASSWORD_MAX_LENGTH} characters` })
  currentPassword!: string;

  @Field({ description: `At least ${PASSWORD_MIN_LENGTH} characters, not common or trivial.` })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, { message: `newPassword ${PASSWORD_LENGTH}` })
  newPassword!: string;
}
