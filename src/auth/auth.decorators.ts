import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { AuthenticatedRequest, GraphQLContext } from './graphql-context';
import type { Principal } from './principal';
import type { Role } from './roles';

export const ROLES_KEY = 'siranap:roles';
export const BEFORE_PASSWORD_CHANGE_KEY = 'siranap:before-password-change';

/** Allowed to a user who must change a reset password first (changePassword, logout, me). */
export const AllowedBeforePasswordChange = () => SetMetadata(BEFORE_PASSWORD_CHANGE_KEY, true);

/** The caller must hold at least one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The caller, as the guard resolved it: from the GraphQL context, or from the HTTP request. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal | null => {
  if (ctx.getType<string>() === 'http') return ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal ?? null;
  return GqlExecutionContext.create(ctx).getContext<GraphQLContext>().principal;
});
