import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, Public, Roles } from '../common/auth.decorators';
import { notFound } from '../common/error-codes';
import type { GraphQLContext } from '../common/graphql-context';
import { RateLimitService } from '../common/rate-limit.service';
import { AuthService } from './auth.service';
import { CreateUserInput, LoginResult, UserModel } from './auth.types';
import type { Principal } from './principal';
import type { User } from './user.entity';

const toModel = (u: User): UserModel => ({ id: u.id, username: u.username, roles: u.roles, wardIds: u.wardIds });

@Resolver(() => UserModel)
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly rateLimits: RateLimitService,
  ) {}

  @Public()
  @Mutation(() => LoginResult, { description: 'Exchange a username and password for a bearer token.' })
  async login(
    @Args('username') username: string,
    @Args('password') password: string,
    @Context() ctx: GraphQLContext,
  ): Promise<LoginResult> {
    this.rateLimits.checkLogin(ctx.req?.ip ?? 'unknown');
    const outcome = await this.auth.login(username.slice(0, 200), password.slice(0, 200));
    return { token: outcome.token, expiresAt: outcome.expiresAt, user: toModel(outcome.user) };
  }

  @Roles('ADMIN')
  @Mutation(() => UserModel)
  async createUser(@Args('input') input: CreateUserInput): Promise<UserModel> {
    return toModel(await this.auth.createUser(input));
  }

  @Query(() => UserModel, { description: 'The logged-in user.' })
  async me(@CurrentUser() principal: Principal): Promise<UserModel> {
    const user = await this.auth.findUser(principal.id);
    if (!user) throw notFound('User', principal.id);
    return toModel(user);
  }
}
