import { useEffect, useState } from 'preact/hooks';
import { BED_CLASS_NAMES, BED_CLASSES, type BedClass } from '../../../src/beds/bed-class';
import { SEX_POLICIES, type SexPolicy } from '../../../src/hospitals/sex-policy';
import {
  AdminBedsDocument,
  AdminRoomsDocument,
  CreateBedDocument,
  CreateRoomDocument,
  CreateWardDocument,
  ReopenBedDocument,
  RetireBedDocument,
  UpdateBedDocument,
  UpdateRoomDocument,
  UpdateWardDocument,
  type BedRowFragment,
  type RoomRowFragment,
} from '../gql/graphql';
import type { Api } from './api';
import type { Hospitals } from './app';
import { ErrorLine, useAction } from './use-action';

export const SEX_TEXT: Record<SexPolicy, string> = { MALE: 'Laki-laki', FEMALE: 'Perempuan', MIXED: 'Campur' };
const STATUS_TEXT: Record<string, string> = {
  AVAILABLE: 'kosong',
  OCCUPIED: 'terisi',
  RESERVED: 'dipesan',
  CLEANING: 'dibersihkan',
  CONTAMINATED: 'perlu disinfeksi',
  CLOSED: 'ditutup',
  ISOLATED: 'isolasi',
};
const classLabel = (c: BedClass) => `${BED_CLASSES[c].label} (${c})`;

type Props = { api: Api; hospitals: Hospitals; onChanged: () => Promise<void> };

/** Wards, their rooms and the rooms' beds, each a list to edit; a bed is retired or reopened, never deleted. */
export function StructureScreen({ api, hospitals, onChanged }: Props) {
  const hospital = hospitals[0];
  const [wardId, setWardId] = useState<string | null>(null);
  const [roomId, setRoomId] = useState<string | null>(null);
  const [rooms, setRooms] = useState<RoomRowFragment[]>([]);
  const { error, run } = useAction();
  const reloadRooms = async () => {
    if (!wardId) return setRooms([]);
    await run(async () => setRooms((await api.call(AdminRoomsDocument, { wardId })).ward.rooms));
  };
  useEffect(() => void reloadRooms(), [wardId]);
  if (!hospital) return <p class="notice">Buat rumah sakit dulu di "Profil rumah sakit".</p>;
  const ward = hospital.wards.find((w) => w.id === wardId) ?? null;
  const room = rooms.find((r) => r.id === roomId) ?? null;
  return (
    <section aria-labelledby="structure-title">
      <h1 id="structure-title">Ruangan, kamar dan tempat tidur</h1>
      <h2>Ruangan</h2>
      <ul class="list" data-testid="wards">
        {hospital.wards.map((w) => (
          <li key={w.id} class={w.id === wardId ? 'item selected' : 'item'}>
            <WardEditor api={api} ward={w} onChanged={onChanged} />
            <button type="button" aria-pressed={w.id === wardId} onClick={() => (setWardId(w.id), setRoomId(null))}>
              Kamar
            </button>
          </li>
        ))}
      </ul>
      <WardCreator api={api} hospitalCode={hospital.code} onChanged={onChanged} />
      {ward && (
        <>
          <h2>Kamar di ruangan {ward.name}</h2>
          <ErrorLine error={error} />
          <ul class="list" data-testid="rooms">
            {rooms.map((r) => (
              <li key={r.id} class={r.id === roomId ? 'item selected' : 'item'}>
                <RoomEditor api={api} room={r} onChanged={reloadRooms} />
                <button type="button" aria-pressed={r.id === roomId} onClick={() => setRoomId(r.id)}>
                  Tempat tidur
                </button>
              </li>
            ))}
          </ul>
          <RoomCreator api={api} wardId={ward.id} onChanged={reloadRooms} />
        </>
      )}
      {room && ward && <Beds api={api} roomId={room.id} title={`Tempat tidur di kamar ${room.name} (${ward.name})`} />}
    </section>
  );
}

function WardEditor({ api, ward, onChanged }: { api: Api; ward: Hospitals[number]['wards'][number]; onChanged: () => Promise<void> }) {
  const [f, setF] = useState({ code: ward.code, name: ward.name, service: ward.service });
  const { busy, error, run } = useAction();
  const save = async (e: Event) => {
    e.preventDefault();
    if (await run(() => api.call(UpdateWardDocument, { input: { id: ward.id, ...f } }))) await onChanged();
  };
  return (
    <form class="inline" onSubmit={save} aria-label={`Ruangan ${ward.name}`}>
      <TextField label="Kode" value={f.code} onInput={(code) => setF({ ...f, code })} />
      <TextField label="Nama ruangan" value={f.name} onInput={(name) => setF({ ...f, name })} />
      <TextField label="Layanan" value={f.service} onInput={(service) => setF({ ...f, service })} />
      <button type="submit" disabled={busy}>
        Simpan
      </button>
      <ErrorLine error={error} />
    </form>
  );
}

function WardCreator({ api, hospitalCode, onChanged }: { api: Api; hospitalCode: string; onChanged: () => Promise<void> }) {
  const [f, setF] = useState({ code: '', name: '', service: '' });
  const { busy, error, run } = useAction();
  const save = async (e: Event) => {
    e.preventDefault();
    if (await run(() => api.call(CreateWardDocument, { input: { hospitalCode, ...f } }))) {
      setF({ code: '', name: '', service: '' });
      await onChanged();
    }
  };
  return (
    <form class="inline card" onSubmit={save} aria-label="Ruangan baru">
      <TextField label="Kode ruangan baru" value={f.code} onInput={(code) => setF({ ...f, code })} />
      <TextField label="Nama" value={f.name} onInput={(name) => setF({ ...f, name })} />
      <TextField label="Layanan" value={f.service} onInput={(service) => setF({ ...f, service })} />
      <button class="primary" type="submit" disabled={busy}>
        Tambah ruangan
      </button>
      <ErrorLine error={error} />
    </form>
  );
}

function RoomEditor({ api, room, onChanged }: { api: Api; room: RoomRowFragment; onChanged: () => Promise<void> }) {
  const [f, setF] = useState({ code: room.code, name: room.name, sexPolicy: room.sexPolicy as SexPolicy, kris: room.kris });
  const { busy, error, run } = useAction();
  const save = async (e: Event) => {
    e.preventDefault();
    if (await run(() => api.call(UpdateRoomDocument, { input: { id: room.id, ...f } }))) await onChanged();
  };
  return (
    <form class="inline" onSubmit={save} aria-label={`Kamar ${room.name}`}>
      <RoomFields f={f} setF={setF} />
      <button type="submit" disabled={busy}>
        Simpan
      </button>
      <ErrorLine error={error} />
    </form>
  );
}

type RoomForm = { code: string; name: string; sexPolicy: SexPolicy; kris: boolean };

function RoomFields({ f, setF }: { f: RoomForm; setF: (f: RoomForm) => void }) {
  return (
    <>
      <TextField label="Kode" value={f.code} onInput={(code) => setF({ ...f, code })} />
      <TextField label="Nama kamar" value={f.name} onInput={(name) => setF({ ...f, name })} />
      <label>
        Jenis kelamin
        <select value={f.sexPolicy} onChange={(e) => setF({ ...f, sexPolicy: e.currentTarget.value as SexPolicy })}>
          {SEX_POLICIES.map((s) => (
            <option key={s} value={s}>
              {SEX_TEXT[s]}
            </option>
          ))}
        </select>
      </label>
      <label class="check">
        <input type="checkbox" checked={f.kris} onChange={(e) => setF({ ...f, kris: e.currentTarget.checked })} />
        KRIS (maks. 4 tempat tidur)
      </label>
    </>
  );
}

function RoomCreator({ api, wardId, onChanged }: { api: Api; wardId: string; onChanged: () => Promise<void> }) {
  const empty: RoomForm = { code: '', name: '', sexPolicy: 'MIXED', kris: false };
  const [f, setF] = useState<RoomForm>(empty);
  const { busy, error, run } = useAction();
  const save = async (e: Event) => {
    e.preventDefault();
    if (await run(() => api.call(CreateRoomDocument, { input: { wardId, ...f } }))) {
      setF(empty);
      await onChanged();
    }
  };
  return (
    <form class="inline card" onSubmit={save} aria-label="Kamar baru">
      <RoomFields f={f} setF={setF} />
      <button class="primary" type="submit" disabled={busy}>
        Tambah kamar
      </button>
      <ErrorLine error={error} />
    </form>
  );
}

function Beds({ api, roomId, title }: { api: Api; roomId: string; title: string }) {
  const [beds, setBeds] = useState<BedRowFragment[]>([]);
  const { error, run } = useAction();
  const reload = () =>
    run(async () => {
      const [open, retired] = await Promise.all([
        api.call(AdminBedsDocument, { roomId, retired: false }),
        api.call(AdminBedsDocument, { roomId, retired: true }),
      ]);
      setBeds([...open.beds.edges, ...retired.beds.edges].map((e) => e.node).sort((a, b) => a.code.localeCompare(b.code, 'id', { numeric: true })));
    });
  useEffect(() => void reload(), [roomId]);
  return (
    <>
      <h2>{title}</h2>
      <ErrorLine error={error} />
      <ul class="list" data-testid="beds">
        {beds.map((b) => (
          <li key={b.id} class={b.retiredAt ? 'item retired' : 'item'}>
            <BedEditor api={api} bed={b} onChanged={reload} />
          </li>
        ))}
      </ul>
      <BedCreator api={api} roomId={roomId} onChanged={reload} />
    </>
  );
}

function ClassSelect({ value, onChange }: { value: BedClass; onChange: (c: BedClass) => void }) {
  return (
    <label>
      Kelas
      <select value={value} onChange={(e) => onChange(e.currentTarget.value as BedClass)}>
        {BED_CLASS_NAMES.map((c) => (
          <option key={c} value={c}>
            {classLabel(c)}
          </option>
        ))}
      </select>
    </label>
  );
}

function BedEditor({ api, bed, onChanged }: { api: Api; bed: BedRowFragment; onChanged: () => Promise<unknown> }) {
  const [f, setF] = useState({ code: bed.code, bedClass: bed.bedClass as BedClass });
  const { busy, error, run } = useAction();
  const save = async (e: Event) => {
    e.preventDefault();
    if (await run(() => api.call(UpdateBedDocument, { input: { id: bed.id, ...f } }))) await onChanged();
  };
  const toggle = async () => {
    const done = await run<unknown>(() => (bed.retiredAt ? api.call(ReopenBedDocument, { id: bed.id }) : api.call(RetireBedDocument, { id: bed.id })));
    if (done) await onChanged();
  };
  return (
    <form class="inline" onSubmit={save} aria-label={`Tempat tidur ${bed.code}`}>
      <TextField label="Kode" value={f.code} onInput={(code) => setF({ ...f, code })} />
      <ClassSelect value={f.bedClass} onChange={(bedClass) => setF({ ...f, bedClass })} />
      <span class="state">{bed.retiredAt ? 'Nonaktif (riwayat tetap tersimpan)' : `Status: ${STATUS_TEXT[bed.status] ?? bed.status}`}</span>
      <button type="submit" disabled={busy || !!bed.retiredAt}>
        Simpan
      </button>
      <button type="button" disabled={busy} onClick={toggle}>
        {bed.retiredAt ? 'Aktifkan kembali' : 'Nonaktifkan'}
      </button>
      <ErrorLine error={error} />
    </form>
  );
}

function BedCreator({ api, roomId, onChanged }: { api: Api; roomId: string; onChanged: () => Promise<unknown> }) {
  const [f, setF] = useState<{ code: string; bedClass: BedClass }>({ code: '', bedClass: 'KELAS_3' });
  const { busy, error, run } = useAction();
  const save = async (e: Event) => {
    e.preventDefault();
    if (await run(() => api.call(CreateBedDocument, { input: { roomId, ...f } }))) {
      setF({ ...f, code: '' });
      await onChanged();
    }
  };
  return (
    <form class="inline card" onSubmit={save} aria-label="Tempat tidur baru">
      <TextField label="Kode tempat tidur baru" value={f.code} onInput={(code) => setF({ ...f, code })} />
      <ClassSelect value={f.bedClass} onChange={(bedClass) => setF({ ...f, bedClass })} />
      <button class="primary" type="submit" disabled={busy}>
        Tambah tempat tidur
      </button>
      <ErrorLine error={error} />
    </form>
  );
}

export function TextField({ label, value, onInput }: { label: string; value: string; onInput: (v: string) => void }) {
  return (
    <label>
      {label}
      <input required value={value} onInput={(e) => onInput(e.currentTarget.value)} />
    </label>
  );
}
