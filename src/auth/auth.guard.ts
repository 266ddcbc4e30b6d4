import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Role } from './roles';
import { hasAnyRole, MUST_CHANGE_PASSWORD_MESSAGE } from './principal';
import { forbidden, unauthenticated } from '../common/error-codes';
import { BEFORE_PASSWORD_CHANGE_KEY, PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import type { GraphQLContext } from './graphql-context';

/**
 * Applied to every GraphQL operation: a presented token must be valid; an operation is
 * anonymous only when marked @Public; @Roles lists who may call it. A user whose password was
 * reset may call only what is marked @AllowedBeforePasswordChange.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return true;
    const ctx = GqlExecutionContext.create(context).getContext<GraphQLContext>();
    const targets = [context.getHandler(), context.getClass()];
    if (ctx.authError) throw unauthenticated(ctx.authError);
    if (ctx.principal?.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(BEFORE_PASSWORD_CHANGE_KEY, targets)) {
      throw forbidden(MUST_CHANGE_PASSWORD_MESSAGE);
    }
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) ?? false;
    if (isPublic) return true;
    const principal = ctx.principal;
    if (!principal) throw unauthenticated();
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !hasAnyRole(principal, roles)) {
      throw forbidden(`This needs one of the roles ${roles.join(', ')}; you have ${principal.roles.join(', ') || 'none'}.`);
    }
    return true;
  }
}
