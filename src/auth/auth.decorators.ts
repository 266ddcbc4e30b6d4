import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Role } from './roles';
import type { GraphQLContext } from './graphql-context';

export const PUBLIC_KEY = 'siranap:public';
export const ROLES_KEY = 'siranap:roles';
export const BEFORE_PASSWORD_CHANGE_KEY = 'siranap:before-password-change';

/** Anonymous callers may use this operation. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Allowed to a user who must change a reset password first (changePassword, logout, me). */
export const AllowedBeforePasswordChange = () => SetMetadata(BEFORE_PASSWORD_CHANGE_KEY, true);

/** The caller must hold at least one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext) => GqlExecutionContext.create(ctx).getContext<GraphQLContext>().principal,
);
