import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { AppError, badInput, unauthenticated } from '../common/error-codes';
import { Ward } from '../hospitals/ward.entity';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password';
import type { Principal } from './principal';
import type { Role } from './roles';
import { issueToken, verifyToken } from './token';
import { User } from './user.entity';
import type { CreateUserInput } from './auth.types';

export interface LoginOutcome {
  token: string;
  expiresAt: Date;
  user: User;
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Reads `Bearer <token>`; a missing header is anonymous, a bad one is an error to report. */
  principalFromAuthorization(header: string | undefined | null): { principal: Principal | null; error: string | null } {
    if (!header) return { principal: null, error: null };
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) return { principal: null, error: 'Authorization must be "Bearer <token>".' };
    const check = verifyToken(match[1], this.config.jwtSecret);
    if (!check.ok) return { principal: null, error: check.reason };
    const { sub, username, roles, wardIds } = check.claims;
    return { principal: { id: sub, username, roles, wardIds }, error: null };
  }

  async login(username: string, password: string): Promise<LoginOutcome> {
    const users = this.db.getRepository(User);
    const user = await users.findOne({ where: { username: username.toLowerCase() } });
    const now = new Date();
    if (user?.lockedUntil && user.lockedUntil > now) {
      throw unauthenticated(
        `Too many failed logins for this user; try again after ${user.lockedUntil.toISOString()}.`,
      );
    }
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) {
      if (user) await this.recordFailure(user.id);
      this.logger.warn({ msg: 'login refused', userKnown: Boolean(user) });
      throw unauthenticated('Wrong username or password.');
    }
    if (user.failedLogins > 0 || user.lockedUntil) {
      await users.update(user.id, { failedLogins: 0, lockedUntil: null });
    }
    const ttl = this.config.env.TOKEN_TTL_SECONDS;
    const token = issueToken(
      { sub: user.id, username: user.username, roles: user.roles, wardIds: user.wardIds },
      this.config.jwtSecret,
      ttl,
      now.getTime(),
    );
    return { token, expiresAt: new Date(now.getTime() + ttl * 1000), user };
  }

  /** Counts a failure atomically; at the limit the user is locked for LOGIN_LOCK_SECONDS. */
  private async recordFailure(userId: string): Promise<void> {
    const { LOGIN_MAX_FAILURES: max, LOGIN_LOCK_SECONDS: lockSeconds } = this.config.env;
    await this.db.query(
      `UPDATE users
          SET failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
              locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(secs => $3) ELSE locked_until END
        WHERE id = $1`,
      [userId, max, lockSeconds],
    );
  }

  async createUser(input: CreateUserInput): Promise<User> {
    if (input.roles.length === 0) throw badInput('roles must name at least one role.');
    const wardIds = input.wardIds.map((w) => w.toLowerCase());
    if (input.roles.includes('WARD_STAFF') && wardIds.length === 0) {
      throw badInput('A WARD_STAFF user needs at least one ward in wardIds.');
    }
    if (wardIds.length > 0) {
      const found = await this.db.getRepository(Ward).countBy({ id: In(wardIds) });
      if (found !== wardIds.length) throw badInput('wardIds names a ward that does not exist.');
    }
    const passwordHash = await hashPassword(input.password);
    const inserted = await this.db
      .createQueryBuilder()
      .insert()
      .into(User)
      .values({ username: input.username, passwordHash, roles: input.roles, wardIds })
      .orIgnore()
      .returning('*')
      .execute();
    if (inserted.identifiers.length === 0 || !inserted.identifiers[0]) {
      throw new AppError('DUPLICATE', `A user named ${JSON.stringify(input.username)} already exists.`);
    }
    return this.db.getRepository(User).findOneByOrFail({ username: input.username });
  }

  async findUser(id: string): Promise<User | null> {
    return this.db.getRepository(User).findOneBy({ id });
  }

  /** Makes sure this admin exists with this password (ADMIN_USERNAME / ADMIN_PASSWORD). */
  async ensureAdmin(username: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    const roles: Role[] = ['ADMIN'];
    await this.db.query(
      `INSERT INTO users (username, password_hash, roles)
       VALUES ($1, $2, $3::user_role[])
       ON CONFLICT (username) DO UPDATE
         SET password_hash = EXCLUDED.password_hash,
             roles = (SELECT array_agg(DISTINCT r) FROM unnest(users.roles || EXCLUDED.roles) r),
             failed_logins = 0, locked_until = NULL`,
      [username, passwordHash, roles],
    );
  }

  async countUsers(): Promise<number> {
    return this.db.getRepository(User).count();
  }
}
