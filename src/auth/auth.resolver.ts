import { Logger } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { PageParams, type Page } from '../common/pagination';
import { AllowedBeforePasswordChange, CurrentUser, Roles } from './auth.decorators';
import { Public } from '../common/public.decorator';
import { notFound } from '../common/error-codes';
import type { GraphQLContext } from './graphql-context';
import { RateLimitService } from '../limits/rate-limit.service';
import { UuidPipe } from '../common/validation';
import { AuthService } from './auth.service';
import {
  ChangePasswordInput,
  CreateUserInput,
  LoginResult,
  ResetPasswordResult,
  UpdateUserInput,
  UserAuditEntryModel,
  UserConnection,
  UserFilter,
  UserModel,
} from './auth.types';
import type { Principal } from './principal';
import type { User } from './user.entity';

const toModel = (u: User): UserModel => ({
  id: u.id,
  username: u.username,
  roles: u.roles,
  wardIds: u.wardIds,
  hospitalId: u.hospitalId,
  hospitalCode: u.hospitalCode ?? null,
  disabled: u.disabled,
  mustChangePassword: u.mustChangePassword,
  createdAt: u.createdAt,
});

/** req.ip: the socket's address, or the client's from X-Forwarded-For when TRUST_PROXY is set. */
const clientIp = (ctx: GraphQLContext): string => ctx.req?.ip ?? 'unknown';

@Resolver(() => UserModel)
export class AuthResolver {
  private readonly logger = new Logger(AuthResolver.name);

  constructor(
    private readonly auth: AuthService,
    private readonly rateLimits: RateLimitService,
  ) {}

  @Public()
  @AllowedBeforePasswordChange()
  @Mutation(() => LoginResult, { description: 'Exchange a username and password for a bearer token (a new session).' })
  async login(@Args('username') username: string, @Args('password') password: string, @Context() ctx: GraphQLContext): Promise<LoginResult> {
    try {
      this.rateLimits.checkLogin(clientIp(ctx));
    } catch (err) {
      this.logger.warn({ msg: 'login refused', reason: 'too many attempts per minute', username: username.toLowerCase().slice(0, 64), address: clientIp(ctx) });
      throw err;
    }
    const outcome = await this.auth.login(username.slice(0, 200), password.slice(0, 200), clientIp(ctx));
    return { token: outcome.token, expiresAt: outcome.expiresAt, mustChangePassword: outcome.user.mustChangePassword, user: toModel(outcome.user) };
  }

  @AllowedBeforePasswordChange()
  @Mutation(() => Boolean, { description: "Ends the caller's session: its token is refused from now on. True when it was open." })
  logout(@CurrentUser() principal: Principal): Promise<boolean> {
    return this.auth.logout(principal);
  }

  @AllowedBeforePasswordChange()
  @Mutation(() => Boolean, { description: "The caller's own password; the caller's other sessions end." })
  changePassword(@CurrentUser() principal: Principal, @Args('input') input: ChangePasswordInput, @Context() ctx: GraphQLContext): Promise<boolean> {
    return this.auth.changePassword(principal, input, clientIp(ctx));
  }

  @AllowedBeforePasswordChange()
  @Query(() => UserModel, { description: 'The logged-in user.' })
  async me(@CurrentUser() principal: Principal): Promise<UserModel> {
    const user = await this.auth.findUser(principal.id);
    if (!user) throw notFound('User', principal.id);
    return toModel(user);
  }

  @Roles('ADMIN')
  @Mutation(() => UserModel)
  async createUser(@CurrentUser() actor: Principal, @Args('input') input: CreateUserInput): Promise<UserModel> {
    return toModel(await this.auth.createUser(actor, input));
  }

  @Roles('ADMIN')
  @Query(() => UserConnection, { description: "Users by username; a hospital's ADMIN sees their hospital's users only." })
  async users(
    @CurrentUser() actor: Principal,
    @Args('filter', { type: () => UserFilter, nullable: true }) filter: UserFilter | undefined,
    @PageParams() { first, after }: Page,
  ): Promise<UserConnection> {
    const page = await this.auth.listUsers(actor, filter ?? {}, first, after);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toModel(e.node) })) };
  }

  @Roles('ADMIN')
  @Mutation(() => UserModel, { description: "New roles or wards, or disabling, end all the user's sessions." })
  async updateUser(@CurrentUser() actor: Principal, @Args('input') input: UpdateUserInput): Promise<UserModel> {
    return toModel(await this.auth.updateUser(actor, input));
  }

  @Roles('ADMIN')
  @Mutation(() => ResetPasswordResult, { description: "A one-time password; the user's sessions end and the user must change it at the next login." })
  async resetPassword(@CurrentUser() actor: Principal, @Args('id', { type: () => ID }, UuidPipe) id: string): Promise<ResetPasswordResult> {
    return { temporaryPassword: await this.auth.resetPassword(actor, id) };
  }

  @Roles('ADMIN')
  @Mutation(() => UserModel, { description: "Clears the user's failed-login counters from every address." })
  async unlockUser(@CurrentUser() actor: Principal, @Args('id', { type: () => ID }, UuidPipe) id: string): Promise<UserModel> {
    return toModel(await this.auth.unlockUser(actor, id));
  }

  @Roles('ADMIN')
  @Query(() => [UserAuditEntryModel], { description: "Changes to users (one user, or all; a hospital's ADMIN: of their hospital's users), newest first." })
  userAudit(
    @CurrentUser() actor: Principal,
    @Args('userId', { type: () => ID, nullable: true }, UuidPipe) userId?: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
  ): Promise<UserAuditEntryModel[]> {
    return this.auth.userAudit(actor, userId, first);
  }
}
