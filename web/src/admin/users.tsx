import { useState } from 'preact/hooks';
import { CreateUserDocument, ResetPasswordDocument, UnlockUserDocument, UpdateUserDocument, type Role, type UserRowFragment } from '../gql/graphql';
import type { Api } from './api';
import type { Hospitals } from './app';
import { FIELD_RULE } from './refusals';
import { ErrorLine, useAction } from './use-action';

export const ROLE_TEXT: Record<Role, string> = {
  ADMIN: 'Admin',
  WARD_STAFF: 'Petugas ruangan',
  ADMISSIONS: 'Admisi',
  VERIFIER: 'Verifikator dana',
  FINANCE: 'Keuangan',
  AUDITOR: 'Auditor',
};
const ROLES = Object.keys(ROLE_TEXT) as Role[];

type Ward = { id: string; name: string };
type Props = { api: Api; users: UserRowFragment[]; hospitals: Hospitals; self: string; onChanged: () => Promise<void> };

/** Users: create, roles and wards, disable, a one-time password, unlock. */
export function UsersScreen({ api, users, hospitals, self, onChanged }: Props) {
  const wards: Ward[] = hospitals.flatMap((h) => h.wards.map((w) => ({ id: w.id, name: w.name })));
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">Pengguna</h1>
      <NewUser api={api} wards={wards} onChanged={onChanged} />
      <ul class="list" data-testid="users">
        {users.map((u) => (
          <li key={u.id} class={u.disabled ? 'item retired' : 'item'}>
            <UserEditor api={api} user={u} wards={wards} self={u.id === self} onChanged={onChanged} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function RolesAndWards(props: { roles: Role[]; wardIds: string[]; wards: Ward[]; onChange: (roles: Role[], wardIds: string[]) => void; name: string }) {
  const flip = <T,>(list: T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  return (
    <>
      <fieldset>
        <legend>Peran</legend>
        {ROLES.map((r) => (
          <label class="check" key={r}>
            <input
              type="checkbox"
              name={`${props.name}-role`}
              value={r}
              checked={props.roles.includes(r)}
              onChange={() => props.onChange(flip(props.roles, r), props.wardIds)}
            />
            {ROLE_TEXT[r]}
          </label>
        ))}
      </fieldset>
      {props.roles.includes('WARD_STAFF') && (
        <fieldset>
          <legend>Ruangan (petugas ruangan)</legend>
          {props.wards.map((w) => (
            <label class="check" key={w.id}>
              <input type="checkbox" checked={props.wardIds.includes(w.id)} onChange={() => props.onChange(props.roles, flip(props.wardIds, w.id))} />
              {w.name}
            </label>
          ))}
        </fieldset>
      )}
    </>
  );
}

function NewUser({ api, wards, onChanged }: { api: Api; wards: Ward[]; onChanged: () => Promise<void> }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [wardIds, setWardIds] = useState<string[]>([]);
  const [created, setCreated] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    const u = await run(() =>
      api.call(CreateUserDocument, { input: { username: username.trim(), password, roles, wardIds: roles.includes('WARD_STAFF') ? wardIds : [] } }),
    );
    if (u) {
      setCreated(u.createUser.username);
      setUsername('');
      setPassword('');
      setRoles([]);
      setWardIds([]);
      await onChanged();
    }
  };
  return (
    <form class="card form wide" onSubmit={submit} aria-labelledby="new-user-title">
      <h2 id="new-user-title">Pengguna baru</h2>
      <label>
        Nama pengguna
        <input
          name="new-username"
          autocomplete="off"
          required
          value={username}
          onInput={(e) => setUsername(e.currentTarget.value)}
          aria-describedby="username-rule"
        />
        <span id="username-rule" class="hint">
          {FIELD_RULE.username}
        </span>
      </label>
      <label>
        Kata sandi awal
        <input
          name="new-password"
          type="password"
          autocomplete="new-password"
          required
          minLength={12}
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        <span class="hint">{FIELD_RULE.password}</span>
      </label>
      <RolesAndWards name="new" roles={roles} wardIds={wardIds} wards={wards} onChange={(r, w) => (setRoles(r), setWardIds(w))} />
      <ErrorLine error={error} />
      {created && (
        <p class="ok" role="status" data-testid="user-created">
          Pengguna {created} dibuat.
        </p>
      )}
      <button class="primary" type="submit" disabled={busy}>
        Buat pengguna
      </button>
    </form>
  );
}

function UserEditor({ api, user, wards, self, onChanged }: { api: Api; user: UserRowFragment; wards: Ward[]; self: boolean; onChanged: () => Promise<void> }) {
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [wardIds, setWardIds] = useState<string[]>(user.wardIds);
  const [temporary, setTemporary] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const save = async (e: Event) => {
    e.preventDefault();
    if (await run(() => api.call(UpdateUserDocument, { input: { id: user.id, roles, wardIds: roles.includes('WARD_STAFF') ? wardIds : [] } }))) {
      setNote('Peran dan ruangan disimpan; sesi pengguna ini diakhiri.');
      await onChanged();
    }
  };
  const disable = async () => {
    if (await run(() => api.call(UpdateUserDocument, { input: { id: user.id, disabled: !user.disabled } }))) await onChanged();
  };
  const reset = async () => {
    const r = await run(() => api.call(ResetPasswordDocument, { id: user.id }));
    if (r) setTemporary(r.resetPassword.temporaryPassword);
  };
  const unlock = async () => {
    if (await run(() => api.call(UnlockUserDocument, { id: user.id }))) setNote('Kunci dibuka: pengguna dapat mencoba masuk lagi.');
  };
  return (
    <form class="form wide" onSubmit={save} aria-label={`Pengguna ${user.username}`}>
      <h2>
        {user.username} {user.disabled && <span class="tag">nonaktif</span>} {user.mustChangePassword && <span class="tag">harus ganti kata sandi</span>}
      </h2>
      <RolesAndWards name={user.id} roles={roles} wardIds={wardIds} wards={wards} onChange={(r, w) => (setRoles(r), setWardIds(w))} />
      <div class="row">
        <button type="submit" disabled={busy}>
          Simpan peran
        </button>
        {!self && (
          <button type="button" disabled={busy} onClick={disable}>
            {user.disabled ? 'Aktifkan' : 'Nonaktifkan'}
          </button>
        )}
        <button type="button" disabled={busy} onClick={reset}>
          Reset kata sandi
        </button>
        <button type="button" disabled={busy} onClick={unlock}>
          Buka kunci
        </button>
      </div>
      <ErrorLine error={error} />
      {note && (
        <p class="ok" role="status">
          {note}
        </p>
      )}
      {temporary && (
        <div class="notice" role="status" data-testid="temporary-password">
          <p>
            Kata sandi sementara (hanya ditampilkan sekali; berikan kepada {user.username}, yang harus menggantinya saat masuk):{' '}
            <code class="secret">{temporary}</code>
          </p>
          <button type="button" onClick={() => setTemporary(null)}>
            Sudah dicatat, sembunyikan
          </button>
        </div>
      )}
    </form>
  );
}
