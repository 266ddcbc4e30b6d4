import { checkRoomSex } from './patient-sex';
import { expiryReason, isExpired, reservationUntil } from './reservation-rules';
import { availableForNewcomer, queuePerRow } from './waiting-rules';

describe('checkRoomSex', () => {
  it('lets anyone into a MIXED room and each sex into its own room', () => {
    expect(checkRoomSex({ code: 'K1', sexPolicy: 'MIXED' }, 'MALE')).toEqual({ ok: true });
    expect(checkRoomSex({ code: 'K1', sexPolicy: 'MIXED' }, null)).toEqual({ ok: true });
    expect(checkRoomSex({ code: 'K2', sexPolicy: 'FEMALE' }, 'FEMALE')).toEqual({ ok: true });
    expect(checkRoomSex({ code: 'K3', sexPolicy: 'MALE' }, 'MALE')).toEqual({ ok: true });
  });

  it('refuses the other sex, naming the room and its policy', () => {
    const women = checkRoomSex({ code: 'K2', sexPolicy: 'FEMALE' }, 'MALE');
    expect(women).toEqual({ ok: false, message: expect.stringMatching(/Room K2 takes women only \(FEMALE\); the patient is MALE/) });
    const men = checkRoomSex({ code: 'K3', sexPolicy: 'MALE' }, 'FEMALE');
    expect(men).toEqual({ ok: false, message: expect.stringMatching(/Room K3 takes men only \(MALE\); the patient is FEMALE/) });
  });

  it('does not check a sex not given', () => {
    expect(checkRoomSex({ code: 'K3', sexPolicy: 'MALE' }, null)).toEqual({ ok: true });
  });
});

describe('availableForNewcomer', () => {
  it('is the free beds less those waiting, never below zero', () => {
    expect(availableForNewcomer({ available: 5, waiting: 2, waitingAnyWard: 1 })).toBe(2);
    expect(availableForNewcomer({ available: 2, waiting: 2, waitingAnyWard: 0 })).toBe(0);
    expect(availableForNewcomer({ available: 1, waiting: 3, waitingAnyWard: 2 })).toBe(0);
    expect(availableForNewcomer({ available: 3, waiting: 0, waitingAnyWard: 0 })).toBe(3);
  });
});

describe('queuePerRow', () => {
  const row = (wardName: string, bedClass: string, available: number, waiting: number, waitingAnyWard: number) => ({
    wardName,
    bedClass,
    available,
    waiting,
    waitingAnyWard,
  });

  it('counts each entry naming no ward once, where most free beds are left, ties by ward name', () => {
    expect(queuePerRow([row('B', 'ICU', 2, 0, 2), row('A', 'ICU', 2, 0, 2)])).toEqual([1, 1]);
    expect(queuePerRow([row('B', 'ICU', 1, 0, 1), row('A', 'ICU', 1, 0, 1)])).toEqual([0, 1]);
    expect(queuePerRow([row('A', 'KELAS_1', 0, 4, 0)])).toEqual([4]);
  });
});

describe('reservationUntil', () => {
  const now = new Date('2025-06-01T08:00:00Z');

  it('holds the default length, or the hours asked (fractions allowed)', () => {
    expect(reservationUntil({ purpose: 'IGD' }, 6, now)).toEqual({ ok: true, until: new Date('2025-06-01T14:00:00Z') });
    expect(reservationUntil({ purpose: 'ELECTIVE', hours: 0.5 }, 6, now)).toEqual({ ok: true, until: new Date('2025-06-01T08:30:00Z') });
  });

  it('needs the facility and expected arrival of a referral, before the reservation ends', () => {
    expect(reservationUntil({ purpose: 'REFERRAL', expectedArrivalAt: now }, 6, now)).toMatchObject({ ok: false, message: /referringFacility/ });
    expect(reservationUntil({ purpose: 'REFERRAL', referringFacility: 'RS Siloam' }, 6, now)).toMatchObject({ ok: false, message: /expectedArrivalAt/ });
    const late = new Date('2025-06-01T20:00:00Z');
    expect(reservationUntil({ purpose: 'REFERRAL', referringFacility: 'RS Siloam', expectedArrivalAt: late }, 6, now)).toMatchObject({
      ok: false,
      message: /after the reservation runs out/,
    });
    expect(reservationUntil({ purpose: 'REFERRAL', referringFacility: 'RS Siloam', expectedArrivalAt: late, hours: 24 }, 6, now)).toMatchObject({ ok: true });
    expect(reservationUntil({ purpose: 'IGD', referringFacility: 'RS Siloam' }, 6, now)).toMatchObject({ ok: false, message: /REFERRAL reservations only/ });
  });

  it('refuses a length out of range', () => {
    expect(reservationUntil({ purpose: 'IGD', hours: 0 }, 6, now)).toMatchObject({ ok: false });
    expect(reservationUntil({ purpose: 'IGD', hours: 73 }, 6, now)).toMatchObject({ ok: false });
  });
});

describe('isExpired and expiryReason', () => {
  const until = new Date('2025-06-01T14:00:00Z');

  it('runs out at its end, not before; one without an end never does', () => {
    expect(isExpired(until, new Date('2025-06-01T13:59:59Z'))).toBe(false);
    expect(isExpired(until, until)).toBe(true);
    expect(isExpired(null, new Date('2099-01-01T00:00:00Z'))).toBe(false);
  });

  it('says the service released it, when, and what it was for', () => {
    expect(expiryReason({ reservedUntil: until, purpose: 'REFERRAL', referringFacility: 'Puskesmas Oesapa' })).toBe(
      'Reservation expired at 2025-06-01T14:00:00.000Z (referral from Puskesmas Oesapa): released by the service.',
    );
    expect(expiryReason({ reservedUntil: until, purpose: null, referringFacility: null })).toMatch(/unspecified purpose/);
  });
});
