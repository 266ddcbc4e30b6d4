import {
  applyLines,
  checkCeiling,
  CLAIM_STATUSES,
  holdLines,
  isBalanced,
  isLowBalance,
  LedgerRuleError,
  nextStatus,
  openingLines,
  payLines,
  refundLines,
  releaseLines,
  type ClaimStatus,
  type FundBalances,
} from './claim-rules';

const CEILING = 3_000_000_000n;
const zero: FundBalances = { available: 0n, held: 0n, paid: 0n };
const total = (b: FundBalances) => b.available + b.held + b.paid;

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof LedgerRuleError) return err.code;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('posting rules', () => {
  it('walks a claim through the whole lifecycle, balanced, with the balance after every posting', () => {
    let b = applyLines(zero, openingLines(CEILING));
    expect(b).toEqual({ available: CEILING, held: 0n, paid: 0n });

    const hold = holdLines(b, 25_000_000n);
    expect(isBalanced(hold)).toBe(true);
    b = applyLines(b, hold);
    expect(b).toEqual({ available: 2_975_000_000n, held: 25_000_000n, paid: 0n });

    const pay = payLines(25_000_000n, 18_500_000n);
    expect(isBalanced(pay)).toBe(true);
    b = applyLines(b, pay);
    expect(b).toEqual({ available: 2_981_500_000n, held: 0n, paid: 18_500_000n });

    b = applyLines(b, refundLines(18_500_000n, 18_500_000n));
    expect(b).toEqual({ available: CEILING, held: 0n, paid: 0n });
    expect(total(b)).toBe(CEILING);
  });

  it('releases a rejected hold in full', () => {
    let b = applyLines(zero, openingLines(CEILING));
    b = applyLines(b, holdLines(b, 7n));
    b = applyLines(b, releaseLines(7n));
    expect(b).toEqual({ available: CEILING, held: 0n, paid: 0n });
  });

  it('pays exactly the hold without a release line', () => {
    expect(payLines(10n, 10n)).toHaveLength(2);
    expect(payLines(10n, 4n)).toHaveLength(4);
  });

  it('keeps amounts above 2^53 exact', () => {
    const big = 9_007_199_254_740_993n; // 2^53 + 1
    const b = applyLines(zero, openingLines(big));
    expect(applyLines(b, holdLines(b, big)).held).toBe(big);
  });

  it('refuses a hold that does not fit, and holds exactly what is available', () => {
    const b = applyLines(zero, openingLines(100n));
    expect(refusal(() => holdLines(b, 101n))).toBe('INSUFFICIENT_FUNDS');
    expect(applyLines(b, holdLines(b, 100n))).toEqual({ available: 0n, held: 100n, paid: 0n });
  });

  it('refuses zero and negative amounts, paying more than held and refunding more than paid', () => {
    const b = applyLines(zero, openingLines(100n));
    expect(refusal(() => holdLines(b, 0n))).toBe('BAD_USER_INPUT');
    expect(refusal(() => holdLines(b, -5n))).toBe('BAD_USER_INPUT');
    expect(refusal(() => openingLines(0n))).toBe('BAD_USER_INPUT');
    expect(refusal(() => payLines(10n, 11n))).toBe('BAD_USER_INPUT');
    expect(refusal(() => payLines(10n, 0n))).toBe('BAD_USER_INPUT');
    expect(refusal(() => refundLines(10n, 11n))).toBe('BAD_USER_INPUT');
  });

  it('never lets an account go below zero', () => {
    expect(refusal(() => applyLines(zero, releaseLines(1n)))).toBe('INSUFFICIENT_FUNDS');
  });

  it('recognises unbalanced or malformed postings', () => {
    expect(isBalanced([])).toBe(false);
    expect(isBalanced([{ account: 'HELD', debit: 5n, credit: 0n }])).toBe(false);
    expect(isBalanced([{ account: 'HELD', debit: 5n, credit: 5n }])).toBe(false);
    expect(
      isBalanced([
        { account: 'HELD', debit: -5n, credit: 0n },
        { account: 'AVAILABLE', debit: 0n, credit: -5n },
      ]),
    ).toBe(false);
    expect(() => applyLines(zero, [{ account: 'HELD', debit: 5n, credit: 0n }])).toThrow('unbalanced');
  });

  it('keeps every account non-negative and the total equal to the ceiling over a random walk', () => {
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let b = applyLines(zero, openingLines(1_000_000n));
    const holds: bigint[] = [];
    for (let i = 0; i < 2000; i++) {
      const op = rnd(3);
      try {
        if (op === 0) {
          const amount = BigInt(rnd(200_000) + 1);
          b = applyLines(b, holdLines(b, amount));
          holds.push(amount);
        } else if (op === 1 && holds.length > 0) {
          const held = holds.splice(rnd(holds.length), 1)[0];
          b = applyLines(b, payLines(held, BigInt(rnd(Number(held)) + 1)));
        } else if (holds.length > 0) {
          b = applyLines(b, releaseLines(holds.splice(rnd(holds.length), 1)[0]));
        }
      } catch (err) {
        if (!(err instanceof LedgerRuleError) || err.code !== 'INSUFFICIENT_FUNDS') throw err;
      }
      expect(b.available >= 0n && b.held >= 0n && b.paid >= 0n).toBe(true);
      expect(total(b)).toBe(1_000_000n);
      expect(b.held).toBe(holds.reduce((s, h) => s + h, 0n));
    }
  });
});

describe('claim lifecycle', () => {
  const allowed: Record<string, ClaimStatus> = {
    'REQUESTED HOLD': 'HELD',
    'REQUESTED REJECT': 'REJECTED',
    'HELD VERIFY': 'VERIFIED',
    'HELD REJECT': 'REJECTED',
    'VERIFIED REJECT': 'REJECTED',
    'VERIFIED PAY': 'PAID',
    'PAID REFUND': 'REFUNDED',
  };
  for (const status of CLAIM_STATUSES) {
    for (const action of ['HOLD', 'REJECT', 'VERIFY', 'PAY', 'REFUND'] as const) {
      const key = `${status} ${action}`;
      it(`${key} → ${allowed[key] ?? 'refused'}`, () => {
        if (allowed[key]) expect(nextStatus(status, action)).toBe(allowed[key]);
        else expect(refusal(() => nextStatus(status, action))).toBe('INVALID_TRANSITION');
      });
    }
  }
});

describe('low-balance warning', () => {
  it('warns strictly under the share of the ceiling', () => {
    expect(isLowBalance(300_000_000n, 3_000_000_000n, 10)).toBe(false);
    expect(isLowBalance(299_999_999n, 3_000_000_000n, 10)).toBe(true);
    expect(isLowBalance(0n, 3_000_000_000n, 0)).toBe(false);
    expect(isLowBalance(0n, 1n, 100)).toBe(true);
  });
});

describe('fund ceiling', () => {
  it('allows a ceiling up to the configured maximum, exactly', () => {
    expect(() => checkCeiling(100_000_000_000n, 100_000_000_000n)).not.toThrow();
    expect(() => checkCeiling(1n, 100_000_000_000n)).not.toThrow();
  });

  it('refuses a ceiling above the maximum, saying the maximum, and a ceiling of zero', () => {
    expect(refusal(() => checkCeiling(100_000_000_001n, 100_000_000_000n))).toBe('BAD_USER_INPUT');
    expect(() => checkCeiling(100_000_000_001n, 100_000_000_000n)).toThrow('The ceiling must be at most Rp100000000000 (FUND_MAX_CEILING); got 100000000001.');
    expect(refusal(() => checkCeiling(0n, 100_000_000_000n))).toBe('BAD_USER_INPUT');
  });
});
