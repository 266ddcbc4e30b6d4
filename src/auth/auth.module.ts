import { Module } from '@nestjs/common';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { LoginFailuresRepository } from './login-failures.repository';
import { LoginThrottle } from './login-throttle';
import { SessionService } from './sessions';
import { SessionsRepository } from './sessions.repository';
import { UsersRepository } from './users.repository';

/** Users and sessions: the guard of every process role reads them. */
@Module({
  imports: [HospitalsModule],
  providers: [AuthService, SessionService, LoginThrottle, UsersRepository, SessionsRepository, LoginFailuresRepository],
  exports: [AuthService, SessionService],
})
export class AuthModule {}

/** Login, logout and user management over GraphQL (ROLE api or all). */
@Module({ imports: [AuthModule], providers: [AuthResolver] })
export class AuthApiModule {}
