/**
 * Separation of duties on a claim, whatever roles the caller holds: the person who submitted a
 * claim does not verify or pay it, and the person who verified it does not pay it. Pure: the
 * service reads who did each step from the claim (submitted_by) and its history (claim_events)
 * and asks here.
 */

/** Who did the earlier steps of one claim, as recorded. */
export interface ClaimActors {
  submittedBy: string;
  /** The user of the latest VERIFY in the claim's history; null while it was never verified. */
  verifiedBy: string | null;
}

export type DutyCheck = { ok: true } | { ok: false; message: string };

/** May `actorId` take this step on the claim? */
export function checkSeparationOfDuties(action: 'VERIFY' | 'PAY', actorId: string, actors: ClaimActors): DutyCheck {
  if (actorId === actors.submittedBy) {
    return {
      ok: false,
      message: `You submitted this claim, so you may not ${action === 'VERIFY' ? 'verify' : 'pay'} it; another ${action === 'VERIFY' ? 'VERIFIER' : 'FINANCE'} user must.`,
    };
  }
  if (action === 'PAY' && actors.verifiedBy !== null && actorId === actors.verifiedBy) {
    return { ok: false, message: 'You verified this claim, so you may not pay it; another FINANCE user must.' };
  }
  return { ok: true };
}
