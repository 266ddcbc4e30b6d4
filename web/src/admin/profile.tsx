import { useState } from 'preact/hooks';
import { CreateHospitalDocument, UpdateHospitalDocument } from '../gql/graphql';
import type { Api } from './api';
import type { Hospitals } from './app';
import { FIELD_RULE } from './refusals';
import { ErrorLine, useAction } from './use-action';

interface Form {
  code: string;
  name: string;
  city: string;
  address: string;
  phone: string;
  rsOnlineCode: string;
}

const EMPTY: Form = { code: '', name: '', city: '', address: '', phone: '', rsOnlineCode: '' };

/** The hospital's profile as the public page, FHIR and RS Online show it; a new hospital when there is none. */
export function ProfileScreen({ api, hospitals, onChanged }: { api: Api; hospitals: Hospitals; onChanged: () => Promise<void> }) {
  const hospital = hospitals[0];
  // Filled from the first render on (the parent keys this screen by the hospital's id): an
  // effect filling it later would overwrite what was typed meanwhile.
  const [form, setForm] = useState<Form>(() =>
    hospital
      ? {
          code: hospital.code,
          name: hospital.name,
          city: hospital.city,
          address: hospital.address,
          phone: hospital.phone,
          rsOnlineCode: hospital.rsOnlineCode ?? '',
        }
      : EMPTY,
  );
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();
  const set = (k: keyof Form) => (e: Event) => {
    setSaved(false);
    setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const fields = { name: form.name.trim(), city: form.city.trim(), address: form.address.trim(), phone: form.phone.trim() };
    const rsOnlineCode = form.rsOnlineCode.trim() || undefined;
    const done = await run<unknown>(() =>
      hospital
        ? api.call(UpdateHospitalDocument, { input: { id: hospital.id, ...fields, rsOnlineCode } })
        : api.call(CreateHospitalDocument, { input: { code: form.code.trim(), ...fields, rsOnlineCode } }),
    );
    if (done) {
      setSaved(true);
      await onChanged();
    }
  };
  return (
    <section aria-labelledby="profile-title">
      <h1 id="profile-title">{hospital ? 'Profil rumah sakit' : 'Buat rumah sakit'}</h1>
      <p class="muted">Nama, alamat dan hotline ini tampil di halaman publik, FHIR dan laporan RS Online. Perubahan langsung tampil di halaman publik.</p>
      {hospital?.demo && <p class="notice">Data contoh: ruangan dan tempat tidur rumah sakit ini dibuat oleh demo, bukan data nyata.</p>}
      <form class="card form wide" onSubmit={submit}>
        {!hospital && (
          <label>
            Kode rumah sakit (tidak dapat diubah)
            <input name="code" required value={form.code} onInput={set('code')} aria-describedby="code-rule" />
            <span id="code-rule" class="hint">
              {FIELD_RULE.code}
            </span>
          </label>
        )}
        {hospital && (
          <p>
            Kode: <strong>{hospital.code}</strong>
          </p>
        )}
        <label>
          Nama
          <input name="name" required maxLength={200} value={form.name} onInput={set('name')} />
        </label>
        <label>
          Alamat
          <input name="address" required maxLength={300} value={form.address} onInput={set('address')} />
        </label>
        <label>
          Kota
          <input name="city" maxLength={100} value={form.city} onInput={set('city')} />
        </label>
        <label>
          Hotline untuk masyarakat
          <input name="phone" type="tel" required value={form.phone} onInput={set('phone')} aria-describedby="phone-rule" />
          <span id="phone-rule" class="hint">
            {FIELD_RULE.phone}
          </span>
        </label>
        <label>
          Kode RS Online (Kemenkes)
          <input name="rsOnlineCode" value={form.rsOnlineCode} onInput={set('rsOnlineCode')} />
        </label>
        <ErrorLine error={error} />
        {saved && (
          <p class="ok" role="status" data-testid="saved">
            Tersimpan. Halaman publik sudah menampilkan data baru.
          </p>
        )}
        <button class="primary" type="submit" disabled={busy}>
          {busy ? 'Menyimpan…' : 'Simpan profil'}
        </button>
      </form>
    </section>
  );
}
