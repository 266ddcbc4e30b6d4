import { Module } from '@nestjs/common';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { LoginFailuresRepository } from './login-failures.repository';
import { LoginThrottle } from './login-throttle';
import { SessionService } from './sessions';
import { SessionsRepository } from './sessions.repository';
import { UsersRepository } from './users.repository';

@Module({
  imports: [HospitalsModule],
  providers: [AuthService, AuthResolver, SessionService, LoginThrottle, UsersRepository, SessionsRepository, LoginFailuresRepository],
  exports: [AuthService, SessionService],
})
export class AuthModule {}
