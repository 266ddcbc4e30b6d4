import { useEffect, useRef, useState } from 'preact/hooks';
import {
  AdmitPatientDocument,
  BedNowDocument,
  ChangeBedStatusDocument,
  DischargePatientDocument,
  FreeBedsDocument,
  ReservationHoursDocument,
  TransferPatientDocument,
  WaitingListDocument,
  type AdmitPatientInput,
  type BedStateFragment,
  type FreeBedsQuery,
  type PatientSex,
  type PayerStatus,
  type ReservationInput,
  type ReservationPurpose,
  type SexPolicy,
  type WaitingListQuery,
} from '../gql/graphql';
import { RequestError, request } from '../shared/graphql';
import { errorText, TEXT } from '../shared/messages';
import type { Session } from '../shared/session';
import {
  actionsFor,
  durationText,
  PAYER_TEXT,
  PURPOSE_TEXT,
  roomSexRefusal,
  SEX_POLICY_TEXT,
  SEX_TEXT,
  STATUS_TEXT,
  stateText,
  type BedAction,
  type BedTile,
  type RoomInfo,
} from './bed-view';
import { anyWard, type WardInfo } from './console';
import { MAX_RESERVATION_HOURS as MAX_HOURS } from '../../../src/beds/reservation-rules';

interface Props {
  bed: BedTile;
  ward: WardInfo;
  rooms: RoomInfo[];
  session: Session;
  online: boolean;
  now: number;
  onChanged: (beds: BedTile[]) => void;
  onClose: () => void;
  onSessionEnded: () => void;
}

const tile = (b: BedStateFragment): BedTile => ({ ...b });

/**
 * Codes after which the bed is read again: someone else changed it, or (no answer) the change
 * may or may not have been made, so its state is news.
 */
const STALE = new Set(['VERSION_CONFLICT', 'INVALID_TRANSITION', 'DUPLICATE', 'NO_ANSWER']);

/**
 * The actions of one bed. The version the nurse saw is kept from the moment she chose: a change
 * from another tablet meanwhile is shown to her and she decides again; nothing is retried by itself.
 */
export function BedDialog({ bed, ward, rooms, session, online, now, onChanged, onClose, onSessionEnded }: Props) {
  const [seen, setSeen] = useState(bed.version);
  const [action, setAction] = useState<BedAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const first = useRef<HTMLButtonElement>(null);

  useEffect(() => first.current?.focus(), [action]);
  useEffect(() => {
    const esc = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    document.addEventListener('keydown', esc);
    return () => document.removeEventListener('keydown', esc);
  }, []);

  // Another tablet changed this bed while the dialog was open (our own change closes it).
  useEffect(() => {
    if (busy || bed.version === seen) return;
    setSeen(bed.version);
    setAction(null);
    setError(null);
    setNotice(`${errorText('VERSION_CONFLICT')} ${TEXT.changedElsewhere(STATUS_TEXT[bed.status].label)}`);
  }, [bed.version, busy]);

  const run = async (send: () => Promise<BedTile[]>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      onChanged(await send());
      setBusy(false);
      onClose();
    } catch (err) {
      const e = err instanceof RequestError ? err : new RequestError('UNKNOWN', String(err));
      console.warn(`bed ${bed.code}: ${e.code}: ${e.message}`);
      if (e.code === 'UNAUTHENTICATED') return onSessionEnded();
      let text = errorText(e.code);
      if (e.code === 'ROOM_SEX_POLICY') text = sexRefusal(e.details, rooms);
      if (STALE.has(e.code)) {
        // Said at once; the bed's state is added when the re-read answers.
        setError(text);
        const now = await request(BedNowDocument, { id: bed.id }, session.token).then(
          (d) => tile(d.bed),
          () => null,
        );
        if (now) {
          onChanged([now]);
          if (e.code !== 'DUPLICATE') {
            setSeen(now.version);
            setAction(null);
            text = `${text} ${TEXT.changedElsewhere(STATUS_TEXT[now.status].label)}`;
          }
        }
      }
      setError(text);
      setBusy(false);
    }
  };

  const token = session.token;
  const admit = (patient: Patient) =>
    run(async () => {
      const d = await request(AdmitPatientDocument, { input: { bedId: bed.id, expectedVersion: seen, ...patient } }, token);
      return [tile(d.admitPatient)];
    });
  const discharge = (died: boolean, contaminated: boolean) =>
    run(async () => [
      tile((await request(DischargePatientDocument, { input: { bedId: bed.id, expectedVersion: seen, died, contaminated } }, token)).dischargePatient),
    ]);
  const transfer = (to: BedStateFragment, reason: string) =>
    run(async () => {
      const d = await request(
        TransferPatientDocument,
        { input: { fromBedId: bed.id, fromVersion: seen, toBedId: to.id, toVersion: to.version, reason } },
        token,
      );
      return [tile(d.transferPatient.fromBed), tile(d.transferPatient.toBed)];
    });
  const change = (status: BedAction & { kind: 'status' }, reason: string | null) =>
    run(async () => [
      tile((await request(ChangeBedStatusDocument, { input: { bedId: bed.id, expectedVersion: seen, status: status.to, reason } }, token)).changeBedStatus),
    ]);
  const reserve = (reservation: ReservationInput) =>
    run(async () => [
      tile(
        (await request(ChangeBedStatusDocument, { input: { bedId: bed.id, expectedVersion: seen, status: 'RESERVED', reservation } }, token)).changeBedStatus,
      ),
    ]);

  const choose = (a: BedAction) => {
    setError(null);
    setNotice(null);
    // One tap: a plain change that needs no reason is sent at once.
    if (a.kind === 'status' && !a.needsReason) void change(a, null);
    else setAction(a);
  };

  const actions = actionsFor(bed.status);
  return (
    <div class="overlay" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <section class="dialog card" role="dialog" aria-modal="true" aria-labelledby="dialog-title" data-testid="dialog">
        <h2 id="dialog-title">
          {bed.code} · {ward.name}
        </h2>
        <p class={`state st-${bed.status}`} data-testid="dialog-state" data-status={bed.status}>
          <span aria-hidden="true">{STATUS_TEXT[bed.status].symbol}</span> {stateText(bed, now)}
        </p>
        {!online && <p class="notice">{TEXT.offline}</p>}
        {notice && (
          <p class="notice" role="alert" data-testid="dialog-notice">
            {notice}
          </p>
        )}
        {error && (
          <p class="error" role="alert" data-testid="dialog-error">
            {error}
          </p>
        )}
        {action === null && (
          <div class="actions" role="group" aria-label={TEXT.chooseAction}>
            {actions.length === 0 && <p class="muted">{TEXT.noActions}</p>}
            {actions.map((a, i) => (
              <button
                key={a.label}
                ref={i === 0 ? first : undefined}
                type="button"
                class="action"
                data-testid="action"
                disabled={!online || busy}
                onClick={() => choose(a)}
              >
                {a.label}
              </button>
            ))}
          </div>
        )}
        {action?.kind === 'admit' && <AdmitForm bed={bed} session={session} disabled={!online || busy} onSubmit={admit} />}
        {action?.kind === 'reserve' && <ReserveForm label={action.label} session={session} disabled={!online || busy} onSubmit={reserve} />}
        {action?.kind === 'discharge' && <DischargeForm action={action} disabled={!online || busy} onSubmit={discharge} />}
        {action?.kind === 'transfer' && (
          <TransferForm bed={bed} session={session} hospitalCode={ward.hospitalCode} disabled={!online || busy} onSubmit={transfer} />
        )}
        {action?.kind === 'status' && <ReasonForm label={action.label} disabled={!online || busy} onSubmit={(r) => change(action, r)} />}
        <div class="row end">
          {action !== null && (
            <button type="button" onClick={() => setAction(null)}>
              {TEXT.cancel}
            </button>
          )}
          <button type="button" ref={action === null && actions.length === 0 ? first : undefined} onClick={onClose}>
            {TEXT.close}
          </button>
        </div>
      </section>
    </div>
  );
}

/** What the admit form sends besides the bed and its version. */
type Patient = Omit<AdmitPatientInput, 'bedId' | 'expectedVersion'>;

/** The room's refusal of the patient's sex, naming the room and whom it takes. */
function sexRefusal(details: Record<string, unknown>, rooms: RoomInfo[]): string {
  const policy = details.sexPolicy;
  if (typeof policy !== 'string' || !Object.prototype.hasOwnProperty.call(SEX_POLICY_TEXT, policy)) return errorText('ROOM_SEX_POLICY');
  const room = rooms.find((r) => r.id === details.roomId);
  return roomSexRefusal(policy as SexPolicy, room?.name ?? null);
}

/** A date picked in the form, as an instant: midday WITA (Kupang) of that day. */
const middayWita = (date: string): string => new Date(`${date}T12:00:00+08:00`).toISOString();

type WaitingEntry = WaitingListQuery['waitingList'][number];

function AdmitForm(props: { bed: BedTile; session: Session; disabled: boolean; onSubmit: (patient: Patient) => Promise<void> }) {
  const [mrn, setMrn] = useState('');
  const [emergency, setEmergency] = useState(false);
  const [payer, setPayer] = useState<PayerStatus | null>(null);
  const [sex, setSex] = useState<PatientSex | null>(null);
  const [discharge, setDischarge] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [waiting, setWaiting] = useState<WaitingEntry[] | null>(null);
  const [entryId, setEntryId] = useState<string | null>(null);
  useEffect(() => {
    // The patients waiting for a bed of this class in this ward (or in any ward).
    request(WaitingListDocument, { wardId: props.bed.wardId, bedClass: props.bed.bedClass }, props.session.token).then(
      (d) => setWaiting(d.waitingList),
      (err: unknown) => {
        console.warn(`waitingList: ${err instanceof RequestError ? err.code : String(err)}`);
        setWaiting([]);
      },
    );
  }, []);
  const pick = (entry: WaitingEntry | null) => {
    setEntryId(entry?.id ?? null);
    if (entry) {
      setMrn(entry.patientReference);
      setEmergency(entry.emergency);
    }
  };
  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        setProblem(null);
        if (!mrn.trim() || !payer) return;
        if (!sex) return setProblem(TEXT.sexRequired);
        const expectedDischargeAt = discharge ? middayWita(discharge) : null;
        if (expectedDischargeAt && Date.parse(expectedDischargeAt) <= Date.now()) return setProblem(TEXT.dischargeInPast);
        void props.onSubmit({ medicalRecordNumber: mrn.trim(), emergency, payerStatus: payer, sex, expectedDischargeAt, waitingEntryId: entryId });
      }}
    >
      {waiting && waiting.length > 0 && (
        <fieldset data-testid="waiting-list">
          <legend>{TEXT.fromWaitingList}</legend>
          <label class="check option">
            <input type="radio" name="waiting" checked={entryId === null} onChange={() => pick(null)} />
            {TEXT.notFromWaitingList}
          </label>
          {waiting.map((w) => (
            <label key={w.id} class="check option" data-testid="waiting-entry" data-reference={w.patientReference}>
              <input type="radio" name="waiting" value={w.id} checked={entryId === w.id} onChange={() => pick(w)} />
              <span>
                <strong>{w.patientReference}</strong>
                {w.emergency ? ` · ${TEXT.fromIgd}` : ''} · {TEXT.waitingSince(durationText(w.addedAt, Date.now()))}
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <label>
        {TEXT.medicalRecordNumber}
        <input name="mrn" required inputMode="numeric" autocomplete="off" value={mrn} onInput={(e) => setMrn(e.currentTarget.value)} />
      </label>
      <fieldset>
        <legend>{TEXT.sex}</legend>
        {(Object.keys(SEX_TEXT) as PatientSex[]).map((x) => (
          <label key={x} class="check">
            <input type="radio" name="sex" value={x} required checked={sex === x} onChange={() => setSex(x)} />
            {SEX_TEXT[x as keyof typeof SEX_TEXT]}
          </label>
        ))}
      </fieldset>
      <label class="check">
        <input type="checkbox" name="emergency" checked={emergency} onChange={(e) => setEmergency(e.currentTarget.checked)} />
        {TEXT.emergency}
      </label>
      <fieldset>
        <legend>{TEXT.payer}</legend>
        {(Object.keys(PAYER_TEXT) as PayerStatus[]).map((p) => (
          <label key={p} class="check">
            <input type="radio" name="payer" value={p} required checked={payer === p} onChange={() => setPayer(p)} />
            {PAYER_TEXT[p as keyof typeof PAYER_TEXT]}
          </label>
        ))}
      </fieldset>
      <label>
        {TEXT.expectedDischarge}
        <input name="expectedDischarge" type="date" value={discharge} onInput={(e) => setDischarge(e.currentTarget.value)} />
      </label>
      <FormEnd problem={problem} disabled={props.disabled} label={TEXT.save} />
    </form>
  );
}

/** A time typed into a datetime-local field (the tablet's clock, WITA at the ward), as an instant. */
const localInstant = (value: string): string | null => {
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
};

function ReserveForm(props: { label: string; session: Session; disabled: boolean; onSubmit: (r: ReservationInput) => Promise<void> }) {
  const [purpose, setPurpose] = useState<ReservationPurpose | null>(null);
  const [facility, setFacility] = useState('');
  const [arrival, setArrival] = useState('');
  const [hours, setHours] = useState('');
  const [reference, setReference] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    // The service's default length, shown so that the nurse sees how long the bed is held.
    request(ReservationHoursDocument, {}, props.session.token).then(
      (d) => setHours((h) => h || String(d.reservationHours)),
      (err: unknown) => console.warn(`reservationHours: ${err instanceof RequestError ? err.code : String(err)}`),
    );
  }, []);
  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        setProblem(null);
        if (!purpose) return setProblem(TEXT.purposeRequired);
        const h = hours.trim() === '' ? null : Number(hours.replace(',', '.'));
        if (h !== null && !(h > 0 && h <= MAX_HOURS)) return setProblem(TEXT.hoursRange(MAX_HOURS));
        const referral = purpose === 'REFERRAL';
        const expectedArrivalAt = referral ? localInstant(arrival) : null;
        if (referral && (!facility.trim() || !expectedArrivalAt)) return setProblem(TEXT.referralNeeds);
        void props.onSubmit({
          purpose,
          hours: h,
          referringFacility: referral ? facility.trim() : null,
          expectedArrivalAt,
          patientReference: reference.trim() || null,
        });
      }}
    >
      <fieldset>
        <legend>{TEXT.reservationPurpose}</legend>
        {(Object.keys(PURPOSE_TEXT) as ReservationPurpose[]).map((p) => (
          <label key={p} class="check">
            <input type="radio" name="purpose" value={p} required checked={purpose === p} onChange={() => setPurpose(p)} />
            {PURPOSE_TEXT[p as keyof typeof PURPOSE_TEXT]}
          </label>
        ))}
      </fieldset>
      {purpose === 'REFERRAL' && (
        <>
          <label>
            {TEXT.referringFacility}
            <input name="facility" required autocomplete="off" value={facility} onInput={(e) => setFacility(e.currentTarget.value)} />
          </label>
          <label>
            {TEXT.expectedArrival}
            <input name="arrival" type="datetime-local" required value={arrival} onInput={(e) => setArrival(e.currentTarget.value)} />
          </label>
        </>
      )}
      <label>
        {TEXT.reservationHours}
        <input
          name="hours"
          type="number"
          inputMode="decimal"
          min="0"
          max={MAX_HOURS}
          step="any"
          value={hours}
          onInput={(e) => setHours(e.currentTarget.value)}
        />
      </label>
      <label>
        {TEXT.reservedFor}
        <input name="reference" autocomplete="off" value={reference} onInput={(e) => setReference(e.currentTarget.value)} />
      </label>
      <FormEnd problem={problem} disabled={props.disabled} label={props.label} />
    </form>
  );
}

/** The end of a form that checks its fields before sending: what is wrong, then the button. */
function FormEnd({ problem, disabled, label }: { problem: string | null; disabled: boolean; label: string }) {
  return (
    <>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <button class="primary" type="submit" disabled={disabled}>
        {label}
      </button>
    </>
  );
}

function DischargeForm(props: {
  action: BedAction & { kind: 'discharge' };
  disabled: boolean;
  onSubmit: (died: boolean, contaminated: boolean) => Promise<void>;
}) {
  const [died, setDied] = useState(false);
  const [contaminated, setContaminated] = useState(false);
  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        void props.onSubmit(died, contaminated);
      }}
    >
      <label class="check">
        <input type="checkbox" name="died" checked={died} onChange={(e) => setDied(e.currentTarget.checked)} />
        {TEXT.died}
      </label>
      {props.action.contaminatedAllowed && (
        <label class="check">
          <input type="checkbox" name="contaminated" checked={contaminated} onChange={(e) => setContaminated(e.currentTarget.checked)} />
          {TEXT.contaminated}
        </label>
      )}
      <button class="primary" type="submit" disabled={props.disabled}>
        {props.action.label}
      </button>
    </form>
  );
}

type FreeBed = FreeBedsQuery['freeBeds'][number];

function TransferForm(props: {
  bed: BedTile;
  session: Session;
  hospitalCode: string;
  disabled: boolean;
  onSubmit: (to: BedStateFragment, reason: string) => Promise<void>;
}) {
  const [options, setOptions] = useState<FreeBed[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [target, setTarget] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  useEffect(() => {
    request(FreeBedsDocument, { hospitalCode: props.hospitalCode, bedClass: props.bed.bedClass, first: 20 }, props.session.token).then(
      (d) => {
        // WARD_STAFF may move a patient only between beds of their own wards.
        const mine = anyWard(props.session) ? d.freeBeds : d.freeBeds.filter((f) => props.session.user.wardIds.includes(f.ward.id));
        setOptions(mine.filter((f) => f.bed.id !== props.bed.id));
      },
      (err: unknown) => setError(errorText(err instanceof RequestError ? err.code : 'UNKNOWN')),
    );
  }, []);
  const chosen = options?.find((o) => o.bed.id === target);
  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen && reason.trim()) void props.onSubmit(chosen.bed, reason.trim());
      }}
    >
      <fieldset>
        <legend>{TEXT.transferTarget}</legend>
        {error && <p class="error">{error}</p>}
        {!options && !error && <p class="muted">{TEXT.loadingFreeBeds}</p>}
        {options?.length === 0 && <p class="notice">{TEXT.noFreeBeds}</p>}
        {options?.map((o) => (
          <label key={o.bed.id} class="check option" data-testid="transfer-option" data-code={o.bed.code}>
            <input type="radio" name="target" required value={o.bed.id} checked={target === o.bed.id} onChange={() => setTarget(o.bed.id)} />
            <span>
              <strong>{o.bed.code}</strong> · {o.ward.name} · {TEXT.freeInWard(o.wardAvailable)}
            </span>
          </label>
        ))}
      </fieldset>
      <label>
        {TEXT.reason}
        <input name="reason" required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
      <button class="primary" type="submit" disabled={props.disabled || !chosen}>
        {TEXT.save}
      </button>
    </form>
  );
}

function ReasonForm({ label, disabled, onSubmit }: { label: string; disabled: boolean; onSubmit: (reason: string) => Promise<void> }) {
  const [reason, setReason] = useState('');
  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim()) void onSubmit(reason.trim());
      }}
    >
      <label>
        {TEXT.reason}
        <input name="reason" required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
      <button class="primary" type="submit" disabled={disabled}>
        {label}
      </button>
    </form>
  );
}
