import { HttpException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { forbidden, unauthenticated } from '../common/error-codes';
import { AuthService } from './auth.service';
import { PUBLIC_KEY } from '../common/public.decorator';
import { BEFORE_PASSWORD_CHANGE_KEY, ROLES_KEY } from './auth.decorators';
import type { AuthenticatedRequest, GraphQLContext } from './graphql-context';
import { hasAnyRole, MUST_CHANGE_PASSWORD_MESSAGE, type Principal } from './principal';
import type { Role } from './roles';

const LOG_IN_FIRST = 'Log in first: send "Authorization: Bearer <token>".';

/** HTTP refusals carry the same codes as GraphQL's, as `{ code, message }`. */
const refuse = (status: 401 | 403, message: string) => new HttpException({ code: status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN', message }, status);

const rolesRefusal = (roles: readonly Role[], principal: Principal) =>
  `This needs one of the roles ${roles.join(', ')}; you have ${principal.roles.join(', ') || 'none'}.`;

/**
 * Applied to every GraphQL operation and every HTTP route, denying by default: a route or
 * operation is open only when marked @Public (anonymous callers too) or when it lists @Roles
 * (a valid token of a user holding one of them). Anything else is refused, to everyone: a new
 * controller is closed until its author says who may call it. A user whose password was reset
 * may call only what is marked @AllowedBeforePasswordChange.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const type = context.getType<string>();
    if (type === 'graphql') return this.graphql(context);
    if (type === 'http') return this.http(context);
    return false;
  }

  private graphql(context: ExecutionContext): boolean {
    const ctx = GqlExecutionContext.create(context).getContext<GraphQLContext>();
    const targets = [context.getHandler(), context.getClass()];
    if (ctx.authError) throw unauthenticated(ctx.authError);
    if (ctx.principal?.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(BEFORE_PASSWORD_CHANGE_KEY, targets)) {
      throw forbidden(MUST_CHANGE_PASSWORD_MESSAGE);
    }
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const principal = ctx.principal;
    if (!principal) throw unauthenticated();
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !hasAnyRole(principal, roles)) throw forbidden(rolesRefusal(roles, principal));
    return true;
  }

  /**
   * A public route reads no token (the metrics route takes its own METRICS_TOKEN there). Any
   * other needs a session, read as GraphQL reads it (AuthService, briefly cached), and one of
   * the roles it lists; the principal is left on the request for the handler (@CurrentUser).
   */
  private async http(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const { principal, error } = await this.auth.principalFromAuthorization(req.headers.authorization);
    if (!principal) throw refuse(401, error ?? LOG_IN_FIRST);
    if (principal.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(BEFORE_PASSWORD_CHANGE_KEY, targets)) {
      throw refuse(403, MUST_CHANGE_PASSWORD_MESSAGE);
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    // Undecorated: closed to every caller, whatever their roles.
    if (!roles) throw refuse(403, `${req.method} ${req.path} is open to no one: it is marked neither @Public nor @Roles.`);
    if (!hasAnyRole(principal, roles)) throw refuse(403, rolesRefusal(roles, principal));
    req.principal = principal;
    return true;
  }
}
