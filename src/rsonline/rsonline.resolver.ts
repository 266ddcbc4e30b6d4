import { Mutation, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/auth.decorators';
import { RsOnlineService } from './rsonline.service';
import { RsOnlineStatus } from './rsonline.types';

@Resolver(() => RsOnlineStatus)
export class RsOnlineResolver {
  constructor(private readonly rsOnline: RsOnlineService) {}

  @Roles('ADMIN')
  @Query(() => RsOnlineStatus, { description: 'The last attempt, success and error of the reports to RS Online. ADMIN.' })
  rsOnlineStatus(): Promise<RsOnlineStatus> {
    return this.rsOnline.status();
  }

  @Roles('ADMIN')
  @Mutation(() => RsOnlineStatus, { description: 'Reports to RS Online now (one attempt) and gives the outcome. ADMIN.' })
  reportToRsOnline(): Promise<RsOnlineStatus> {
    return this.rsOnline.reportNow();
  }
}
