import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { LiveConnections } from './live-connections';

/** The WebSocket connections of every live feed (availability, beds, the ledger): one instance per process. */
@Module({
  imports: [AuthModule],
  providers: [LiveConnections],
  exports: [LiveConnections],
})
export class LiveModule {}
