import { defineTopic } from '../outbox/topic';
import type { ClaimAction, ClaimStatus } from './claim-rules';
import type { ClaimChange, FundBalanceChange } from './ledger.payloads';

/** As it crosses pub/sub (JSON): rupiah as decimal strings, times as ISO strings. */
export interface ClaimChangeMessage {
  claimId: string;
  fundId: string;
  seq: string;
  action: ClaimAction;
  status: ClaimStatus;
  medicalRecordNumber: string;
  amount: string;
  heldAmount: string;
  paidAmount: string;
  refundedAmount: string;
  rejectReason: string | null;
  actorUsername: string;
  at: string;
}

export interface FundBalanceMessage {
  fundId: string;
  seq: number;
  ceiling: string;
  available: string;
  held: string;
  paid: string;
  lowBalance: boolean;
  at: string;
}

export const parseClaimChange = (raw: unknown): ClaimChange => {
  const m = raw as ClaimChangeMessage;
  return {
    ...m,
    amount: BigInt(m.amount),
    heldAmount: BigInt(m.heldAmount),
    paidAmount: BigInt(m.paidAmount),
    refundedAmount: BigInt(m.refundedAmount),
    at: new Date(m.at),
  };
};

export const parseFundBalance = (raw: unknown): FundBalanceChange => {
  const m = raw as FundBalanceMessage;
  return { ...m, ceiling: BigInt(m.ceiling), available: BigInt(m.available), held: BigInt(m.held), paid: BigInt(m.paid), at: new Date(m.at) };
};

const toClaimChangeMessage = (c: ClaimChange): ClaimChangeMessage => ({
  ...c,
  amount: c.amount.toString(),
  heldAmount: c.heldAmount.toString(),
  paidAmount: c.paidAmount.toString(),
  refundedAmount: c.refundedAmount.toString(),
  at: c.at.toISOString(),
});

const toFundBalanceMessage = (b: FundBalanceChange): FundBalanceMessage => ({
  ...b,
  ceiling: b.ceiling.toString(),
  available: b.available.toString(),
  held: b.held.toString(),
  paid: b.paid.toString(),
  at: b.at.toISOString(),
});

/** A claim's new state after each action on it. */
export const CLAIM_CHANGED = defineTopic<ClaimChange>('claimChanged', { encode: toClaimChangeMessage, parse: parseClaimChange });

/** A fund's balances after a posting. */
export const FUND_BALANCE_CHANGED = defineTopic<FundBalanceChange>('fundBalanceChanged', { encode: toFundBalanceMessage, parse: parseFundBalance });
