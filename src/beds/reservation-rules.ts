/**
 * Reservations that run out. Pure: no framework imports.
 */
export const RESERVATION_PURPOSES = ['REFERRAL', 'IGD', 'ELECTIVE'] as const;
export type ReservationPurpose = (typeof RESERVATION_PURPOSES)[number];

/** The longest a reservation may be held, in hours. */
export const MAX_RESERVATION_HOURS = 72;

export interface ReservationRequest {
  purpose: ReservationPurpose;
  referringFacility?: string | null;
  expectedArrivalAt?: Date | null;
  hours?: number | null;
}

export type ReservationCheck = { ok: true; until: Date } | { ok: false; message: string };

/** When a reservation made at `now` runs out, or why it cannot be made. */
export function reservationUntil(request: ReservationRequest, defaultHours: number, now: Date): ReservationCheck {
  const hours = request.hours ?? defaultHours;
  if (!(hours > 0) || hours > MAX_RESERVATION_HOURS) return { ok: false, message: `hours must be more than 0 and at most ${MAX_RESERVATION_HOURS}.` };
  if (request.purpose === 'REFERRAL') {
    if (!request.referringFacility?.trim()) return { ok: false, message: 'A REFERRAL reservation needs referringFacility (the facility sending the patient).' };
    if (!request.expectedArrivalAt) return { ok: false, message: 'A REFERRAL reservation needs expectedArrivalAt (when the patient is expected).' };
  } else if (request.referringFacility) {
    return { ok: false, message: `referringFacility is for REFERRAL reservations only, not ${request.purpose}.` };
  }
  const until = new Date(now.getTime() + hours * 3_600_000);
  if (request.expectedArrivalAt && request.expectedArrivalAt.getTime() > until.getTime()) {
    return {
      ok: false,
      message: `expectedArrivalAt (${request.expectedArrivalAt.toISOString()}) is after the reservation runs out (${until.toISOString()}); hold it longer with hours.`,
    };
  }
  return { ok: true, until };
}

/** Whether the reservation has run out at `now` (a reservation without an end never does). */
export function isExpired(reservedUntil: Date | null, now: Date): boolean {
  return reservedUntil !== null && reservedUntil.getTime() <= now.getTime();
}

/** The history's reason for the release: that the service did it, and why. */
export function expiryReason(r: { reservedUntil: Date; purpose: ReservationPurpose | null; referringFacility: string | null }): string {
  const what = r.purpose === 'REFERRAL' ? `referral from ${r.referringFacility ?? 'another facility'}` : (r.purpose ?? 'unspecified purpose');
  return `Reservation expired at ${r.reservedUntil.toISOString()} (${what}): released by the service.`;
}
