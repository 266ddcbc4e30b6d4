import type { Role } from '../gql/graphql';

/** The fund screens, each for the role whose work it is. */
export type FundScreen = 'submit' | 'verify' | 'pay' | 'audit';

export const SCREEN_ROLE: Record<FundScreen, readonly Role[]> = {
  submit: ['ADMISSIONS'],
  verify: ['VERIFIER'],
  pay: ['FINANCE'],
  // FINANCE may read the drawdowns, verify the chain and download the exports as the auditor does.
  audit: ['AUDITOR', 'FINANCE'],
};

const ORDER: readonly FundScreen[] = ['submit', 'verify', 'pay', 'audit'];

/** The screens a user with these roles gets, in the order of a claim's life. */
export function screensFor(roles: readonly Role[]): FundScreen[] {
  return ORDER.filter((s) => SCREEN_ROLE[s].some((r) => roles.includes(r)));
}

interface ClaimSteps {
  submittedBy: string;
  history: readonly { action: string; actorId?: string | null }[];
}

/** The user of the claim's latest VERIFY, or null. */
export function verifiedBy(claim: ClaimSteps): string | null {
  for (let i = claim.history.length - 1; i >= 0; i--) if (claim.history[i].action === 'VERIFY') return claim.history[i].actorId ?? null;
  return null;
}

/**
 * Why this user may not take this step on this claim (the server's separation of duties, known
 * here in advance so the screen does not offer it), or null when they may.
 */
export function dutyConflict(step: 'VERIFY' | 'PAY', userId: string, claim: ClaimSteps): string | null {
  if (claim.submittedBy === userId) {
    return step === 'VERIFY'
      ? 'Anda yang mengajukan klaim ini, jadi Anda tidak boleh memverifikasinya. Petugas Inspektorat lain yang harus memverifikasi.'
      : 'Anda yang mengajukan klaim ini, jadi Anda tidak boleh membayarnya. Petugas keuangan lain yang harus membayar.';
  }
  if (step === 'PAY' && verifiedBy(claim) === userId) {
    return 'Anda yang memverifikasi klaim ini, jadi Anda tidak boleh membayarnya. Petugas keuangan lain yang harus membayar.';
  }
  return null;
}
