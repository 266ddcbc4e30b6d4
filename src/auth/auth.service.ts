import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { AppError, badInput, forbidden, notFound, unauthenticated } from '../common/error-codes';
import { decodeCursor, encodeCursor, pageSize, type Connection } from '../common/pagination';
import { HospitalsService } from '../hospitals/hospitals.service';
import { hospitalRefusal, mayManageUser, userHospital, type HospitalRef } from './hospital-scope';
import { countedUsername, LoginThrottle } from './login-throttle';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password';
import { checkPasswordStrength } from './password-policy';
import type { Principal } from './principal';
import { roleCombinationProblem, type Role } from './roles';
import type { SessionEndReason } from './session.entity';
import { SessionService } from './sessions';
import { bearerToken, issueToken, TokenVerifier } from './token';
import type { UserAuditEntry, UserAuditAction, UserAuditChange } from './user-audit.entity';
import { UsersRepository, type Queryable } from './users.repository';
import { changeEndsSessions, userChanges } from './user-changes';
import type { User } from './user.entity';
import type { ChangePasswordInput, CreateUserInput, UpdateUserInput, UserFilter } from './auth.types';

export interface LoginOutcome {
  token: string;
  expiresAt: Date;
  user: User;
}

/** Who a request is from, as far as its Authorization header says. */
export interface Authentication {
  principal: Principal | null;
  /** Why a presented token was refused; null when there was none or it was good. */
  error: string | null;
  /** When the token (and its session) stops being valid. */
  expiresAt: Date | null;
}

/** The one audit actor the service itself is (ADMIN_USERNAME/ADMIN_PASSWORD at boot). */
type Actor = Pick<Principal, 'id' | 'username'> | null;

const WRONG_LOGIN = 'Wrong username or password.';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  private readonly tokens: TokenVerifier;

  constructor(
    private readonly users: UsersRepository,
    private readonly config: AppConfig,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottle,
    private readonly hospitals: HospitalsService,
  ) {
    this.tokens = new TokenVerifier(config.jwtSecret);
  }

  /** Whether the header carries a token that verifies (signature and expiry; the session is not read). */
  hasVerifiedToken(authorization: string | undefined): boolean {
    return this.tokens.isLoggedIn(authorization);
  }

  /**
   * Reads `Bearer <token>` and the session it names: the principal is the session's user as
   * the database has them now. A missing header is anonymous; a bad one is an error to report.
   */
  async principalFromAuthorization(header: string | undefined | null): Promise<Authentication> {
    if (!header) return { principal: null, error: null, expiresAt: null };
    const token = bearerToken(header);
    if (token === null) return { principal: null, error: 'Authorization must be "Bearer <token>".', expiresAt: null };
    const check = this.tokens.verify(token);
    if (!check.ok) return { principal: null, error: check.reason, expiresAt: null };
    const session = await this.sessions.lookup(check.claims.sid, check.claims.sub);
    if (!session.ok) return { principal: null, error: session.reason, expiresAt: null };
    const tokenExpiry = check.claims.exp * 1000;
    const expiresAt = new Date(Math.min(tokenExpiry, session.expiresAt.getTime()));
    return { principal: session.principal, error: null, expiresAt };
  }

  /**
   * Every attempt costs one password hash, known user or not, locked or not, and known and
   * unknown usernames are counted and answered alike, so neither the answer nor its timing
   * tells whether a username exists.
   */
  async login(username: string, password: string, address: string): Promise<LoginOutcome> {
    const name = countedUsername(username);
    const attempt = await this.throttle.begin(name, address);
    // Usernames have at most 64 characters: a longer name is unknown (and still costs a hash).
    const user = name.length <= 64 ? await this.users.byUsername(name) : null;
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    const logged = { username: name.slice(0, 64), address };
    if (!attempt.allowed) {
      this.logger.warn({ msg: 'login refused', reason: 'locked', ...logged });
      const seconds = Math.max(1, Math.ceil((attempt.until.getTime() - Date.now()) / 1000));
      throw new AppError('RATE_LIMITED', `Too many failed logins from your address; try again after ${attempt.until.toISOString()}.`, {
        retryAfterSeconds: seconds,
      });
    }
    if (!user || !ok || user.disabled) {
      await this.throttle.failed(name, address);
      this.logger.warn({ msg: 'login refused', reason: 'wrong username or password, or user disabled', ...logged });
      throw unauthenticated(WRONG_LOGIN);
    }
    await this.throttle.succeeded(name, address);
    const ttl = this.config.env.TOKEN_TTL_SECONDS;
    const session = await this.sessions.create(user.id, ttl, address);
    const token = issueToken({ sub: user.id, sid: session.id }, this.config.jwtSecret, ttl);
    return { token, expiresAt: session.expiresAt, user };
  }

  /** Ends the caller's session: its token is refused from now on, on every replica. */
  async logout(principal: Principal): Promise<boolean> {
    if (!principal.sessionId) return false;
    const ended = await this.sessions.endSession(principal.sessionId, 'LOGOUT');
    await this.sessions.announce({ userId: principal.id, sessionIds: [principal.sessionId], reason: 'LOGOUT' });
    return ended;
  }

  async createUser(actor: Principal, input: CreateUserInput): Promise<User> {
    const wardIds = input.wardIds.map((w) => w.toLowerCase());
    this.checkRoles(input.roles, wardIds);
    const hospital = await this.hospitalForUser(actor, input.hospitalCode, wardIds);
    this.checkPassword(input.password, input.username, 'password');
    const passwordHash = await hashPassword(input.password);
    return this.users.transaction(async (manager) => {
      const user = await this.users.insert(manager, { username: input.username, passwordHash, roles: input.roles, wardIds, hospitalId: hospital?.id ?? null });
      if (!user) throw new AppError('DUPLICATE', `A user named ${JSON.stringify(input.username)} already exists.`);
      await this.audit(manager, actor, user, 'CREATE', [
        ...userChanges({ roles: [], wardIds: [], hospitalId: null, disabled: false }, user),
        { field: 'password', before: null, after: 'set' },
      ]);
      return user;
    });
  }

  /** Roles, wards or disabled; a change of what the user may do ends all their sessions. */
  async updateUser(actor: Principal, input: UpdateUserInput): Promise<User> {
    if (input.roles === undefined && input.wardIds === undefined && input.disabled === undefined && input.hospitalCode === undefined) {
      throw badInput('Give at least one of roles, wardIds, disabled, hospitalCode.');
    }
    // Named before the lock: a hospital that does not exist is refused without waiting for the user.
    const requested = await this.requestedHospital(input.hospitalCode);
    const id = input.id.toLowerCase();
    let ended: string[] = [];
    let reason: SessionEndReason = 'USER_CHANGED';
    const user = await this.users.transaction(async (manager) => {
      const current = await this.users.lockById(manager, id);
      if (!current) throw notFound('User', id);
      this.checkManages(actor, current);
      const wardIds = input.wardIds?.map((w) => w.toLowerCase()) ?? current.wardIds;
      const currentHospital = current.hospitalId === null ? null : { id: current.hospitalId, code: current.hospitalCode ?? current.hospitalId };
      const hospital = this.chooseHospital(actor, requested, await this.wardsWithHospital(wardIds), currentHospital);
      const after = {
        roles: input.roles ?? current.roles,
        wardIds,
        hospitalId: hospital?.id ?? null,
        disabled: input.disabled ?? current.disabled,
      };
      if (actor.id === id && (after.disabled || !after.roles.includes('ADMIN') || after.hospitalId !== current.hospitalId)) {
        throw badInput('You cannot disable yourself, take away your own ADMIN role or change your own hospital; another ADMIN can.');
      }
      this.checkRoles(after.roles, after.wardIds);
      const changes = userChanges(current, after);
      if (changes.length === 0) return current;
      await this.users.update(manager, id, after);
      await this.audit(manager, actor, current, 'UPDATE', changes);
      if (changeEndsSessions(changes, after)) {
        reason = after.disabled ? 'DISABLED' : 'USER_CHANGED';
        ended = await this.sessions.endUserSessions(manager, id, reason);
      }
      return (await this.users.byId(id, manager))!;
    });
    await this.sessions.announce({ userId: id, sessionIds: ended, reason });
    return user;
  }

  /** Sets a one-time password the user must change at next login; ends all their sessions. */
  async resetPassword(actor: Principal, id: string): Promise<string> {
    const temporaryPassword = randomBytes(12).toString('base64url');
    const passwordHash = await hashPassword(temporaryPassword);
    const ended = await this.users.transaction(async (manager) => {
      const user = await this.users.lockById(manager, id);
      if (!user) throw notFound('User', id);
      this.checkManages(actor, user);
      await this.users.update(manager, id, { passwordHash, mustChangePassword: true });
      await this.audit(manager, actor, user, 'RESET_PASSWORD', [
        { field: 'password', before: null, after: 'temporary' },
        { field: 'mustChangePassword', before: String(user.mustChangePassword), after: 'true' },
      ]);
      return this.sessions.endUserSessions(manager, id, 'PASSWORD_RESET');
    });
    await this.sessions.announce({ userId: id, sessionIds: ended, reason: 'PASSWORD_RESET' });
    return temporaryPassword;
  }

  /** Clears the user's failed-login counters from every address. */
  async unlockUser(actor: Principal, id: string): Promise<User> {
    const user = await this.users.byId(id);
    if (!user) throw notFound('User', id);
    this.checkManages(actor, user);
    const cleared = await this.throttle.clearUser(user.username);
    await this.audit(undefined, actor, user, 'UNLOCK', [{ field: 'loginFailures', before: `${cleared} address(es)`, after: 'cleared' }]);
    return user;
  }

  /**
   * The caller's own password. The current one is checked (and counted like a login, so a
   * stolen token cannot guess it); the caller's other sessions end, this one goes on.
   */
  async changePassword(principal: Principal, input: ChangePasswordInput, address: string): Promise<boolean> {
    this.checkPassword(input.newPassword, principal.username, 'newPassword');
    if (input.newPassword === input.currentPassword) throw badInput('newPassword must differ from currentPassword.');
    const attempt = await this.throttle.begin(principal.username, address);
    const user = await this.users.byId(principal.id);
    const ok = await verifyPassword(input.currentPassword, user?.passwordHash ?? DUMMY_HASH);
    if (!attempt.allowed) {
      this.logger.warn({ msg: 'password change refused', reason: 'locked', username: principal.username, address });
      throw new AppError('RATE_LIMITED', `Too many wrong passwords from your address; try again after ${attempt.until.toISOString()}.`);
    }
    if (!user || !ok) {
      await this.throttle.failed(principal.username, address);
      this.logger.warn({ msg: 'password change refused', reason: 'wrong current password', username: principal.username, address });
      throw badInput('currentPassword is not your current password.');
    }
    await this.throttle.succeeded(principal.username, address);
    const passwordHash = await hashPassword(input.newPassword);
    const ended = await this.users.transaction(async (manager) => {
      await this.users.update(manager, user.id, { passwordHash, mustChangePassword: false });
      await this.audit(manager, principal, user, 'CHANGE_PASSWORD', [
        { field: 'password', before: null, after: 'changed' },
        ...(user.mustChangePassword ? [{ field: 'mustChangePassword', before: 'true', after: 'false' }] : []),
      ]);
      return this.sessions.endUserSessions(manager, user.id, 'PASSWORD_CHANGED', principal.sessionId);
    });
    // Also drops this session's cached principal, which still says mustChangePassword.
    await this.sessions.announce({ userId: user.id, sessionIds: ended, reason: 'PASSWORD_CHANGED' });
    return true;
  }

  /** A hospital's ADMIN lists the users of their hospital only. */
  async listUsers(actor: Principal, filter: UserFilter, first: number | undefined, after: string | undefined): Promise<Connection<User>> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, ['text']);
    const { rows, totalCount } = await this.users.list(
      {
        role: filter.role ?? undefined,
        wardId: filter.wardId?.toLowerCase(),
        disabled: filter.disabled ?? undefined,
        hospitalId: actor.hospitalId ?? undefined,
      },
      size + 1,
      cursor ? String(cursor[0]) : null,
    );
    const page = rows.slice(0, size);
    const edges = page.map((u) => ({ cursor: encodeCursor([u.username]), node: u }));
    return { edges, totalCount, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  /** Newest first; one user's or everyone's (a hospital's ADMIN: of their hospital's users). */
  async userAudit(actor: Principal, userId: string | undefined, first: number | undefined): Promise<UserAuditEntry[]> {
    if (userId) {
      const user = await this.users.byId(userId);
      if (user) this.checkManages(actor, user);
    }
    return this.users.audit(userId, actor.hospitalId, pageSize(first));
  }

  async findUser(id: string): Promise<User | null> {
    return this.users.byId(id);
  }

  /**
   * Makes sure this admin exists with this password and the ADMIN role (ADMIN_USERNAME /
   * ADMIN_PASSWORD), service-wide, so a fresh install can create its first hospital. Nothing is written when it already is so, so restarts keep its sessions.
   */
  async ensureAdmin(username: string, password: string): Promise<void> {
    const existing = await this.users.byUsername(username);
    if (existing && existing.roles.includes('ADMIN') && existing.hospitalId === null && (await verifyPassword(password, existing.passwordHash))) return;
    const passwordHash = await hashPassword(password);
    const roles: Role[] = ['ADMIN'];
    const ended = await this.users.transaction(async (manager) => {
      const user = await this.users.upsertAdmin(manager, username, passwordHash, roles);
      await this.audit(manager, null, user, 'ENSURE_ADMIN', [
        ...userChanges(existing ?? { roles: [], wardIds: [], hospitalId: null, disabled: false }, user),
        { field: 'password', before: null, after: 'set from ADMIN_PASSWORD' },
      ]);
      return existing ? this.sessions.endUserSessions(manager, user.id, 'PASSWORD_RESET') : [];
    });
    if (existing) await this.sessions.announce({ userId: existing.id, sessionIds: ended, reason: 'PASSWORD_RESET' });
    await this.throttle.clearUser(username);
  }

  /**
   * A user the service acts as (an interface such as the HL7 intake): created disabled and with
   * no password that verifies, so nobody logs in as it; its id is the actor of its changes.
   */
  async ensureServiceUser(username: string, roles: Role[]): Promise<Principal> {
    const existing = await this.users.byUsername(username);
    const user =
      existing ??
      (await this.users.transaction(async (manager) => {
        const created = await this.users.insert(manager, { username, passwordHash: 'service-user-no-login', roles, wardIds: [], hospitalId: null });
        if (!created) return (await this.users.byUsername(username, manager))!;
        await this.users.update(manager, created.id, { disabled: true });
        await this.audit(
          manager,
          null,
          created,
          'CREATE',
          userChanges({ roles: [], wardIds: [], hospitalId: null, disabled: false }, { ...created, disabled: true }),
        );
        return created;
      }));
    // The service acts for every hospital it holds (an interface serves the city).
    return { id: user.id, username: user.username, roles: user.roles, wardIds: user.wardIds, hospitalId: null, hospitalCode: null };
  }

  async countUsers(): Promise<number> {
    return this.users.count();
  }

  private checkPassword(password: string, username: string, field: string): void {
    const strength = checkPasswordStrength(password, [username]);
    if (!strength.ok) throw badInput(`${field}: ${strength.reason}`);
  }

  private checkRoles(roles: readonly Role[], wardIds: readonly string[]): void {
    if (roles.length === 0) throw badInput('roles must name at least one role.');
    const combination = roleCombinationProblem(roles);
    if (combination) throw badInput(combination, { rule: 'EXCLUSIVE_ROLES' });
    if (roles.includes('WARD_STAFF') && wardIds.length === 0) throw badInput('A WARD_STAFF user needs at least one ward in wardIds.');
  }

  private checkManages(actor: Principal, user: User): void {
    if (mayManageUser(actor, user)) return;
    throw forbidden(hospitalRefusal(actor, `User ${user.username} is ${user.hospitalCode ? `of hospital ${user.hospitalCode}` : 'service-wide'}`));
  }

  /** The hospital a new user gets, refused when the actor may not give it. */
  private async hospitalForUser(actor: Principal, hospitalCode: string | null | undefined, wardIds: readonly string[]): Promise<HospitalRef | null> {
    return this.chooseHospital(actor, await this.requestedHospital(hospitalCode), await this.wardsWithHospital(wardIds));
  }

  private chooseHospital(
    actor: Principal,
    requested: HospitalRef | null | undefined,
    wards: { id: string; hospital: HospitalRef }[],
    current?: HospitalRef | null,
  ): HospitalRef | null {
    const choice = userHospital(actor, requested, wards, current);
    if (!choice.ok) throw choice.code === 'FORBIDDEN' ? forbidden(choice.message) : badInput(choice.message);
    return choice.hospital;
  }

  /** The hospital an input names: undefined when it names none, null for service-wide. */
  private async requestedHospital(code: string | null | undefined): Promise<HospitalRef | null | undefined> {
    if (code === undefined || code === null) return code;
    const h = await this.hospitals.hospitalByCode(code).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'NOT_FOUND') throw badInput(`hospitalCode ${code} names no hospital of this service.`);
      throw err;
    });
    return { id: h.id, code: h.code };
  }

  /** Wards belong to the hospitals module: asked through its service, one ward at a time. */
  private async wardsWithHospital(wardIds: readonly string[]): Promise<{ id: string; hospital: HospitalRef }[]> {
    const wards: { id: string; hospital: HospitalRef }[] = [];
    const codes = new Map<string, string>();
    for (const wardId of new Set(wardIds)) {
      const ward = await this.hospitals.ward(wardId).catch((err: unknown) => {
        if (err instanceof AppError && err.code === 'NOT_FOUND') throw badInput('wardIds names a ward that does not exist.');
        throw err;
      });
      let code = codes.get(ward.hospitalId);
      if (code === undefined) {
        code = (await this.hospitals.hospitalById(ward.hospitalId)).code;
        codes.set(ward.hospitalId, code);
      }
      wards.push({ id: ward.id, hospital: { id: ward.hospitalId, code } });
    }
    return wards;
  }

  /** In the caller's transaction (`manager`), or on its own. */
  private async audit(manager: Queryable | undefined, actor: Actor, user: User, action: UserAuditAction, changes: UserAuditChange[]): Promise<void> {
    await this.users.insertAudit(manager ?? this.users.outside, {
      userId: user.id,
      username: user.username,
      actorId: actor?.id ?? null,
      actorUsername: actor?.username ?? null,
      action,
      changes,
    });
  }
}
