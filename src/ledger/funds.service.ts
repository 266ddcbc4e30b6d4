import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { AppError } from '../common/error-codes';
import { AppConfig } from '../config/app-config';
import { checkCeiling } from './claim-rules';
import { openFund } from './fund-opening';
import { isUniqueViolation, rule } from './ledger-errors';
import type { OpenFundInput } from './ledger.inputs';
import type { FundModel } from './ledger.models';

/** Opening the fund of a fiscal year: the fund row and its opening posting, in one transaction. */
@Injectable()
export class FundsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  async openFund(actor: Principal, input: OpenFundInput): Promise<FundModel> {
    rule(() => checkCeiling(input.ceiling, this.config.env.FUND_MAX_CEILING));
    try {
      const id = await this.db.transaction((m) => openFund(m, input, actor.id));
      return { id, name: input.name, fiscalYear: input.fiscalYear, ceiling: input.ceiling, closedAt: null };
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('DUPLICATE', `A fund for fiscal year ${input.fiscalYear} exists already.`);
      throw err;
    }
  }
}
