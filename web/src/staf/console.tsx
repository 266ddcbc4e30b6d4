import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { BedStatus } from '../../../src/beds/bed-status';
import { BedChangedDocument, WardRoomsDocument, WardsDocument, type WardsQuery } from '../gql/graphql';
import { RequestError, request } from '../shared/graphql';
import { connectLive, type ConnectionState, type Live } from '../shared/live';
import { errorText, TEXT } from '../shared/messages';
import type { Session } from '../shared/session';
import type { MainProps } from '../shared/session-app';
import { BedDialog } from './bed-dialog';
import { BUCKET_TEXT, classLabel, groupByRoom, merge, SEX_POLICY_TEXT, STATUS_TEXT, stateText, summary, type BedTile, type RoomInfo } from './bed-view';

const CONSOLE_ROLES = ['WARD_STAFF', 'ADMISSIONS', 'ADMIN'];

export interface WardInfo {
  id: string;
  code: string;
  name: string;
  hospitalCode: string;
}

/** ADMIN and ADMISSIONS change beds of any ward; WARD_STAFF only those of their own wards. */
export const anyWard = (s: Session): boolean => s.user.roles.some((r) => r === 'ADMIN' || r === 'ADMISSIONS');

function wardsOf(data: WardsQuery, session: Session): WardInfo[] {
  const all = data.hospitals.flatMap((h) => h.wards.map((w) => ({ id: w.id, code: w.code, name: w.name, hospitalCode: h.code })));
  return anyWard(session) ? all : all.filter((w) => session.user.wardIds.includes(w.id));
}

type Props = MainProps;

export function Console({ session, onLogout, onChangePassword, onSessionEnded }: Props) {
  const allowed = session.user.roles.some((r) => CONSOLE_ROLES.includes(r));
  const [wards, setWards] = useState<WardInfo[] | null>(null);
  const [wardId, setWardId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [live, setLive] = useState<Live | null>(null);
  const endedRef = useRef(onSessionEnded);
  endedRef.current = onSessionEnded;

  useEffect(() => {
    if (!allowed) return;
    const client = connectLive(session.token, setConnection, () => endedRef.current());
    setLive(client);
    request(WardsDocument, {}, session.token).then(
      (data) => {
        const mine = wardsOf(data, session);
        setWards(mine);
        setWardId(mine[0]?.id ?? null);
      },
      (err: unknown) => setError(err instanceof RequestError ? errorText(err.code) : errorText('UNKNOWN')),
    );
    return () => client.dispose();
  }, [session.token]);

  const ward = wards?.find((w) => w.id === wardId) ?? null;
  return (
    <div class="console">
      <header class="bar">
        <div class="title">
          <strong>{TEXT.appName}</strong>
          <span class="muted" data-testid="username">
            {session.user.username}
          </span>
        </div>
        <ConnectionBadge state={connection} />
        <div class="row">
          <button type="button" onClick={onChangePassword}>
            {TEXT.changePassword}
          </button>
          <button type="button" onClick={onLogout}>
            {TEXT.logout}
          </button>
        </div>
      </header>
      {!allowed && <p class="error">{TEXT.notForConsole}</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {wards && wards.length === 0 && <p class="notice">{TEXT.noWards}</p>}
      {wards && wards.length > 0 && (
        <label class="ward-picker">
          {TEXT.ward}
          <select data-testid="ward-picker" value={wardId ?? ''} onChange={(e) => setWardId(e.currentTarget.value)}>
            {wards.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name} ({w.code})
              </option>
            ))}
          </select>
        </label>
      )}
      {ward && live && <Board key={ward.id} ward={ward} session={session} live={live} online={connection === 'online'} onSessionEnded={onSessionEnded} />}
    </div>
  );
}

function ConnectionBadge({ state }: { state: ConnectionState }) {
  const text = state === 'online' ? TEXT.online : state === 'connecting' ? TEXT.connecting : TEXT.offline;
  return (
    <p class={`connection ${state}`} data-testid="connection" data-state={state} role="status" aria-live="polite">
      <span aria-hidden="true">{state === 'online' ? '●' : state === 'connecting' ? '◌' : '✕'}</span> {text}
    </p>
  );
}

interface BoardProps {
  ward: WardInfo;
  session: Session;
  live: Live;
  online: boolean;
  onSessionEnded: () => void;
}

function Board({ ward, session, live, online, onSessionEnded }: BoardProps) {
  const [beds, setBeds] = useState<Map<string, BedTile>>(new Map());
  const [loaded, setLoaded] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());
  const [rooms, setRooms] = useState<RoomInfo[]>([]);

  useEffect(() => {
    request(WardRoomsDocument, { id: ward.id }, session.token).then(
      (d) => setRooms(d.ward.rooms),
      (err: unknown) => setError(errorText(err instanceof RequestError ? err.code : 'UNKNOWN')),
    );
  }, [ward.id]);

  const put = (tiles: BedTile[]) =>
    setBeds((prev) => {
      const next = new Map(prev);
      for (const t of tiles) if (t.wardId === ward.id) next.set(t.id, merge(prev.get(t.id), t));
      return next;
    });

  useEffect(() => {
    // The service sends each bed's current state first (also after every reconnect), then changes.
    return live.subscribe(
      BedChangedDocument,
      { wardId: ward.id },
      ({ bedChanged: c }) => {
        setLoaded(true);
        put([
          {
            id: c.bedId,
            code: c.code,
            bedClass: c.bedClass,
            status: c.status,
            statusSince: c.statusSince,
            version: c.version,
            wardId: c.wardId,
            roomId: c.roomId,
            reservedUntil: c.reservedUntil ?? null,
            reservationPurpose: c.reservationPurpose ?? null,
          },
        ]);
      },
      (err) => {
        console.warn(`bedChanged: ${err.code}: ${err.message}`);
        setError(errorText(err.code));
      },
    );
  }, [ward.id]);

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);

  const counts = useMemo(() => summary(beds.values()), [beds]);
  const groups = useMemo(() => groupByRoom(beds.values(), rooms), [beds, rooms]);
  const bed = selected ? beds.get(selected) : undefined;

  return (
    <main class="board" aria-label={`Tempat tidur ${ward.name}`}>
      <ul class="summary" aria-label="Ringkasan">
        {(Object.keys(counts) as (keyof typeof counts)[]).map((k) => (
          <li key={k} class={`sum ${k}`} data-testid={`sum-${k}`}>
            <span class="n">{counts[k]}</span> {BUCKET_TEXT[k]}
          </li>
        ))}
      </ul>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!loaded && !error && <p class="muted">{TEXT.loadingBeds}</p>}
      {groups.map((g) => (
        <section key={g.roomId} class="group" aria-labelledby={`g-${g.roomId}`} data-testid="room" data-sex-policy={g.sexPolicy ?? ''}>
          <h2 id={`g-${g.roomId}`}>
            {g.label}
            {g.sexPolicy && <span class="policy"> · {SEX_POLICY_TEXT[g.sexPolicy]}</span>}
          </h2>
          <ul class="tiles">
            {g.beds.map((b) => (
              <li key={b.id}>
                <Tile bed={b} now={now} sexPolicy={g.sexPolicy} onTap={() => setSelected(b.id)} />
              </li>
            ))}
          </ul>
        </section>
      ))}
      {bed && (
        <BedDialog
          bed={bed}
          ward={ward}
          rooms={rooms}
          session={session}
          online={online}
          now={now}
          onChanged={put}
          onClose={() => setSelected(null)}
          onSessionEnded={onSessionEnded}
        />
      )}
    </main>
  );
}

function Tile({ bed, now, sexPolicy, onTap }: { bed: BedTile; now: number; sexPolicy: RoomInfo['sexPolicy'] | null; onTap: () => void }) {
  const s = STATUS_TEXT[bed.status as BedStatus];
  const since = stateText(bed, now);
  return (
    <button
      type="button"
      class={`tile st-${bed.status}`}
      data-testid="bed"
      data-code={bed.code}
      data-status={bed.status}
      data-room-sex={sexPolicy ?? ''}
      aria-label={`${bed.code}: ${since}`}
      onClick={onTap}
    >
      <span class="code">{bed.code}</span>
      <span class="status">
        <span aria-hidden="true">{s.symbol}</span> {s.label}
      </span>
      <span class="since" data-testid="since">
        {since}
      </span>
      <span class="class">{classLabel(bed.bedClass)}</span>
    </button>
  );
}
