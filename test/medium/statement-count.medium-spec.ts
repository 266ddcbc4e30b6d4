import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ClaimCommandsService } from '../../src/ledger/claim-commands.service';
import { fiscalYearOf } from '../../src/ledger/fiscal-calendar';
import { FundsService } from '../../src/ledger/funds.service';
import { BedsService } from '../../src/beds/beds.service';
import { admissionInYear, bedIn, newClaim, newFund, newUser, SYSTEM_ADMIN, type TestUser } from '../support/factories';
import { Medium } from '../support/medium';
import type { ClaimModel } from '../../src/ledger/ledger.models';

// Statements (BEGIN and COMMIT included) the ledger sends to PostgreSQL per submission and per
// hold, counted on the query runners' prototype: each one is a round trip.

let m: Medium;
let commands: ClaimCommandsService;
let clerk: TestUser;
let statements: string[] = [];
/** The last message sent, whole. */
let lastMessage = '';

beforeAll(async () => {
  m = await Medium.start();
  commands = m.get(ClaimCommandsService);
  clerk = await newUser(m, 'ADMISSIONS');
  const runner = m.db.createQueryRunner();
  const proto = Object.getPrototypeOf(runner) as { query: (this: unknown, sql: string, ...rest: unknown[]) => Promise<unknown> };
  await runner.release();
  const query = proto.query;
  proto.query = function (this: unknown, sql: string, ...rest: unknown[]) {
    statements.push(sql.trim().split(/\s+/).slice(0, 4).join(' '));
    lastMessage = sql;
    return query.call(this, sql, ...rest);
  };
});
afterAll(() => m?.close());

async function counted<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[]; last: string }> {
  statements = [];
  const result = await fn();
  return { result, statements: [...statements], last: lastMessage };
}

describe('round trips of the ledger', () => {
  it('a new claim without an admission is three round trips: begin, the claim, its event with the commit; a batch of holds a fixed number', async () => {
    const fund = await newFund(m);
    const input = {
      idempotencyKey: `count-${Date.now()}`,
      medicalRecordNumber: 'RM-COUNT',
      patientName: 'Pasien Uji',
      nik: null,
      payerStatus: 'NO_BPJS' as const,
      emergency: true,
      amount: 1_000_000n,
    };
    // A claim naming no admission goes to the fund of the current year.
    const year = fiscalYearOf(new Date());
    const [found] = await m.db.query(`SELECT id FROM funds WHERE fiscal_year = $1`, [year]);
    const currentFund = found?.id ?? (await m.get(FundsService).openFund(SYSTEM_ADMIN, { name: `Dana ${year}`, fiscalYear: year, ceiling: 1_000_000_000n })).id;
    const submit = await counted(() => commands.submit(clerk.principal, { ...input, fundId: currentFund }));
    const retry = await counted(() => commands.submit(clerk.principal, { ...input, fundId: currentFund }));
    const admission = await admissionInYear(m, fund.fiscalYear);
    const withAdmission = await counted(() =>
      newClaim(m, clerk.principal, fund, { admissionId: admission.id, medicalRecordNumber: admission.medicalRecordNumber }),
    );
    const claims: ClaimModel[] = [];
    for (let i = 0; i < 20; i++) claims.push(await newClaim(m, clerk.principal, fund, { amount: 1_000n }));
    const one = await counted(() => commands.placeHold(claims[0].id));
    const batch = await counted(() => commands.placeHolds(claims[1].id, 50));
    const settled = await counted(() => commands.placeHolds(claims[2].id, 50));
    process.stdout.write(
      [
        `submit, new claim: ${submit.statements.length} (${submit.statements.join(' | ')})`,
        `submit, retry: ${retry.statements.length}`,
        `submit, with an admission: ${withAdmission.statements.length}`,
        `placeHold, one claim: ${one.statements.length} (${one.statements.join(' | ')})`,
        `placeHolds, batch of 19: ${batch.statements.length} (${batch.statements.join(' | ')})`,
        `placeHolds, claim settled by a batch: ${settled.statements.length}`,
      ].join('\n') + '\n',
    );
    expect(batch.result).toBe('HELD');
    expect(settled.result).toBe('ALREADY_DONE');
    expect(submit.statements).toHaveLength(3);
    expect(submit.last).toMatch(/INSERT INTO outbox[\s\S]*;\s*COMMIT$/);
    expect(batch.statements.length).toBeLessThanOrEqual(12);
    expect(settled.statements).toHaveLength(1);
  });
});

describe('round trips of a bed change', () => {
  it('a status change is four: begin, the bed locked, the bed and its history, then the counters with their events and the commit in one message', async () => {
    const bed = await bedIn(m, 'AVAILABLE');
    const change = await counted(() => m.get(BedsService).changeStatus(SYSTEM_ADMIN, { bedId: bed.id, expectedVersion: bed.version, status: 'CLOSED' }));
    expect(change.result).toMatchObject({ status: 'CLOSED', version: bed.version + 1 });
    expect(change.statements).toHaveLength(4);
    expect(change.statements[0]).toBe('START TRANSACTION');
    expect(change.statements[3]).toMatch(/^UPDATE ward_availability/);
    expect(
      lastMessage
        .split(';')
        .map((part) => part.trim())
        .at(-1),
    ).toBe('COMMIT');
  });
});
