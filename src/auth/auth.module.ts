import { Module } from '@nestjs/common';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { SessionService } from './sessions';

@Module({
  providers: [AuthService, AuthResolver, SessionService, LoginThrottle],
  exports: [AuthService, SessionService],
})
export class AuthModule {}
