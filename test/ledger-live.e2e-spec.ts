import type { Client } from 'graphql-ws';
import { fiscalYearOf } from '../src/ledger/fiscal-calendar';
import { TestApp } from './support/test-app';
import { Watch, wsClient } from './support/live';
import { PAY, SUBMIT, VERIFY, claimInput, payVars, type ClaimView } from './ledger-support';

// Pub/sub on PostgreSQL LISTEN/NOTIFY here (no REDIS_URL); the outbox relay feeds both topics.

interface ClaimChange {
  claimId: string;
  fundId: string;
  action: string;
  status: string;
  amount: string;
  heldAmount: string;
  paidAmount: string;
  actorUsername: string;
}
interface BalanceChange {
  fundId: string;
  seq: number;
  ceiling: string;
  available: string;
  held: string;
  paid: string;
  lowBalance: boolean;
}

const CLAIM_SUB = `subscription($f: ID!) { claimChanged(fundId: $f) { claimId fundId action status amount heldAmount paidAmount actorUsername } }`;
const BALANCE_SUB = `subscription($f: ID!) { fundBalanceChanged(fundId: $f) { fundId seq ceiling available held paid lowBalance } }`;

describe('ledger subscriptions: claimChanged and fundBalanceChanged through the outbox', () => {
  let t: TestApp;
  let admissions: string;
  let verifier: string;
  let finance: string;
  let auditor: string;
  let fundId: string;
  const clients: Client[] = [];
  const client = (token?: string) => {
    const c = wsClient(t.baseUrl, token);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await TestApp.start({ LOW_BALANCE_PERCENT: '50' });
    const admin = await t.adminToken();
    [admissions, verifier, finance, auditor] = await Promise.all(['ADMISSIONS', 'VERIFIER', 'FINANCE', 'AUDITOR'].map((r) => t.userToken([r], [], admin)));
    const open = await t.gql<{ openFund: { id: string } }>(
      `mutation($i: OpenFundInput!) { openFund(input: $i) { id } }`,
      { i: { name: 'Uji langganan', fiscalYear: fiscalYearOf(new Date()), ceiling: '1000' } },
      finance,
    );
    fundId = open.data!.openFund.id;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t?.close();
  });

  it('streams balances after every posting, with the low-balance warning, and every step of a claim', async () => {
    const c = client(auditor);
    const claims = new Watch<{ claimChanged: ClaimChange }>(c, CLAIM_SUB, { f: fundId });
    const balances = new Watch<{ fundBalanceChanged: BalanceChange }>(c, BALANCE_SUB, { f: fundId });
    // The balance stream starts with the current state: both subscriptions are registered once it arrives.
    await balances.until((w) => w.data.length === 1, 'the current balance');
    expect(balances.data[0].fundBalanceChanged).toEqual({ fundId, seq: 1, ceiling: '1000', available: '1000', held: '0', paid: '0', lowBalance: false });

    const submitted = await t.gql<{ submitClaim: ClaimView }>(SUBMIT, { i: claimInput(fundId, { amount: '600' }) }, admissions);
    const id = submitted.data!.submitClaim.id;
    await claims.until((w) => w.data.some((d) => d.claimChanged.status === 'HELD'), 'the hold');
    await balances.until((w) => w.data.length === 2, 'the balance after the hold');
    expect(balances.data[1].fundBalanceChanged).toMatchObject({ seq: 2, available: '400', held: '600', lowBalance: true });

    await t.gql(VERIFY, { id }, verifier);
    const paid = await t.gql(PAY, payVars(id, '500'), finance);
    expect(paid.errors).toBeUndefined();
    await claims.until((w) => w.data.some((d) => d.claimChanged.status === 'PAID'), 'the payment');
    await balances.until((w) => w.data.some((d) => d.fundBalanceChanged.seq === 3), 'the balance after the payment');
    expect(balances.data.at(-1)!.fundBalanceChanged).toMatchObject({ seq: 3, available: '500', held: '0', paid: '500', lowBalance: false });

    const last = claims.data.at(-1)!.claimChanged;
    expect(last).toMatchObject({ claimId: id, fundId, action: 'PAY', status: 'PAID', amount: '600', paidAmount: '500', heldAmount: '0' });
    // Coalescing may merge quick steps of one claim, but never reorders them.
    const order = ['REQUESTED', 'HELD', 'VERIFIED', 'PAID'];
    const seen = claims.data.map((d) => order.indexOf(d.claimChanged.status));
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('is for verifiers, finance and auditors only, and for funds that exist', async () => {
    const forbidden = new Watch(client(admissions), CLAIM_SUB, { f: fundId });
    await forbidden.until((w) => w.errorCode !== undefined, 'a refusal');
    expect(forbidden.errorCode).toBe('FORBIDDEN');
    const anonymous = new Watch(client(), BALANCE_SUB, { f: fundId });
    await anonymous.until((w) => w.errorCode !== undefined, 'a refusal');
    expect(anonymous.errorCode).toBe('UNAUTHENTICATED');
    const unknown = new Watch(client(verifier), BALANCE_SUB, { f: '00000000-0000-4000-8000-000000000000' });
    await unknown.until((w) => w.errorCode !== undefined, 'a refusal');
    expect(unknown.errorCode).toBe('NOT_FOUND');
    const unknownClaims = new Watch(client(finance), CLAIM_SUB, { f: '00000000-0000-4000-8000-000000000000' });
    await unknownClaims.until((w) => w.errorCode !== undefined, 'a refusal');
    expect(unknownClaims.errorCode).toBe('NOT_FOUND');
  });
});
