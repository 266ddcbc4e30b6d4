import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { fiscalYearOf } from '../src/ledger/fiscal-calendar';
import { openFund, SEED_FUND } from '../src/ledger/fund-opening';
import { bootApp } from './support/boot';
import type { TestApp } from './support/test-app';

export const CLAIM_FIELDS = `id status amount heldAmount paidAmount refundedAmount rejectReason payerStatus medicalRecordNumber
  evidence { payerStatusSeen source ground checkedBy nikPresent bpjsStatusCode bpjsStatus }
  history { action fromStatus toStatus amount reason actorUsername at }`;
export const SUBMIT = `mutation($i: SubmitClaimInput!) { submitClaim(input: $i) { ${CLAIM_FIELDS} } }`;
export const CLAIM = `query($id: ID!) { claim(id: $id) { ${CLAIM_FIELDS} } }`;
export const VERIFY = `mutation($id: ID!) { verifyClaim(id: $id) { ${CLAIM_FIELDS} } }`;
export const REJECT = `mutation($id: ID!, $r: String!) { rejectClaim(id: $id, reason: $r) { ${CLAIM_FIELDS} } }`;
export const PAY = `mutation($id: ID!, $a: Rupiah!, $n: String!, $d: String!) { payClaim(id: $id, amount: $a, sp2dNumber: $n, sp2dDate: $d) { ${CLAIM_FIELDS} } }`;

let sp2dCounter = 0;
/** The variables of PAY with an SP2D number of its own. */
export function payVars(id: string, amount: string, sp2dNumber?: string): Record<string, string> {
  sp2dCounter += 1;
  return { id, a: amount, n: sp2dNumber ?? `${String(sp2dCounter).padStart(4, '0')}/SP2D/LS/${randomBytes(3).toString('hex')}`, d: '2026-01-15' };
}
export const REFUND = `mutation($id: ID!, $a: Rupiah!, $r: String!) { refundClaim(id: $id, amount: $a, reason: $r) { ${CLAIM_FIELDS} } }`;
export const BALANCE = `query($f: ID!, $at: DateTime) { fundBalance(fundId: $f, asOf: $at) { available held paid asOf } }`;
export const VERIFY_LEDGER = `query($f: ID!) { verifyLedger(fundId: $f) { valid entriesChecked headHash firstBrokenEntryId } }`;

export interface ClaimView {
  id: string;
  status: string;
  amount: string;
  heldAmount: string;
  paidAmount: string;
  refundedAmount: string;
  rejectReason: string | null;
  evidence: {
    payerStatusSeen: string;
    source: string;
    ground: string;
    checkedBy: string;
    nikPresent: boolean;
    bpjsStatusCode: string | null;
    bpjsStatus: string | null;
  };
  history: { action: string; fromStatus: string | null; toStatus: string; amount: string | null; reason: string | null; actorUsername: string; at: string }[];
}

let counter = 0;
export function claimInput(fundId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    idempotencyKey: `key-${randomBytes(6).toString('hex')}-${counter}`,
    fundId,
    medicalRecordNumber: `RM-${counter}-${randomBytes(2).toString('hex')}`,
    patientName: 'Pasien Uji',
    nik: null,
    payerStatus: 'NO_BPJS',
    emergency: true,
    amount: '25000000',
    ...overrides,
  };
}

/** Waits until the claim has left REQUESTED (the queued hold ran), reading the database. */
export async function settled(t: TestApp, claimId: string, timeoutMs = 20000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rows: { status: string }[] = await t.db.query(`SELECT status FROM claims WHERE id = $1`, [claimId]);
    if (rows[0] && rows[0].status !== 'REQUESTED') return rows[0].status;
    if (Date.now() > until) throw new Error(`claim ${claimId} still REQUESTED after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until no claim of the database is REQUESTED. */
export async function allSettled(t: TestApp, timeoutMs = 40000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [{ n }]: { n: number }[] = await t.db.query(`SELECT count(*)::int AS n FROM claims WHERE status = 'REQUESTED'`);
    if (n === 0) return;
    if (Date.now() > until) throw new Error(`${n} claims still REQUESTED after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The fund claims submitted now belong to: the current fiscal year's (WITA), opened here with
 * the seeded fund's ceiling when missing, as FINANCE would open it.
 */
export async function seededFundId(t: TestApp): Promise<string> {
  const year = fiscalYearOf(new Date());
  const rows: { id: string }[] = await t.db.query(`SELECT id FROM funds WHERE fiscal_year = $1`, [year]);
  if (rows[0]) return rows[0].id;
  return t.db.transaction(async (m) => {
    const again: { id: string }[] = await m.query(`SELECT id FROM funds WHERE fiscal_year = $1`, [year]);
    return again[0]?.id ?? openFund(m, { name: `Dana uji ${year}`, fiscalYear: year, ceiling: SEED_FUND.ceiling }, null);
  });
}

/** Journal facts for assertions: entry count, debits = credits, and balances from the lines. */
export async function journal(t: TestApp, fundId: string) {
  const [entries]: { n: number }[] = await t.db.query(`SELECT count(*)::int AS n FROM journal_entries WHERE fund_id = $1`, [fundId]);
  const [sums]: { debit: string; credit: string }[] = await t.db.query(
    `SELECT coalesce(sum(l.debit), 0)::text AS debit, coalesce(sum(l.credit), 0)::text AS credit
       FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.fund_id = $1`,
    [fundId],
  );
  const unbalanced: unknown[] = await t.db.query(
    `SELECT e.id FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id WHERE e.fund_id = $1
      GROUP BY e.id HAVING sum(l.debit) <> sum(l.credit)`,
    [fundId],
  );
  const [fund]: { available: string; held: string; paid: string; ceiling: string }[] = await t.db.query(
    `SELECT available::text, held::text, paid::text, ceiling::text FROM funds WHERE id = $1`,
    [fundId],
  );
  return { entries: entries.n, debit: sums.debit, credit: sums.credit, unbalancedEntries: unbalanced.length, fund };
}

/** A second instance of the service on the same database, as another replica would be. */
export async function startReplica(t: TestApp, overrides: Record<string, string>): Promise<NestExpressApplication> {
  const booted = await bootApp(t.databaseUrl, { env: overrides, schemaFile: true, listen: false });
  // Closing the app also removes its data folder.
  booted.app.close = booted.close;
  return booted.app;
}
