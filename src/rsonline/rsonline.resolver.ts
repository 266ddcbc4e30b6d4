import { Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { hospitalRefusal, mayAdministerRsOnline } from '../auth/hospital-scope';
import type { Principal } from '../auth/principal';
import { forbidden } from '../common/error-codes';
import { RsOnlineService } from './rsonline.service';
import { RsOnlineStatus } from './rsonline.types';

@Resolver(() => RsOnlineStatus)
export class RsOnlineResolver {
  constructor(private readonly rsOnline: RsOnlineService) {}

  @Roles('ADMIN')
  @Query(() => RsOnlineStatus, {
    description: 'The last attempt, success and error of the reports to RS Online. ADMIN of the reported hospital, or service-wide.',
  })
  rsOnlineStatus(@CurrentUser() p: Principal): Promise<RsOnlineStatus> {
    this.requireAdminOfReported(p);
    return this.rsOnline.status();
  }

  @Roles('ADMIN')
  @Mutation(() => RsOnlineStatus, {
    description: 'Reports to RS Online now (one attempt) and gives the outcome. ADMIN of the reported hospital, or service-wide.',
  })
  reportToRsOnline(@CurrentUser() p: Principal): Promise<RsOnlineStatus> {
    this.requireAdminOfReported(p);
    return this.rsOnline.reportNow();
  }

  private requireAdminOfReported(p: Principal): void {
    const reported = this.rsOnline.hospitalCode;
    if (!mayAdministerRsOnline(p, reported)) throw forbidden(hospitalRefusal(p, `RS Online reports hospital ${reported}`));
  }
}
