import { useEffect, useMemo, useState } from 'preact/hooks';
import { AdminHospitalsDocument, AdminUsersDocument, type AdminHospitalsQuery, type UserRowFragment } from '../gql/graphql';
import { RequestError } from '../shared/graphql';
import { errorText, TEXT } from '../shared/messages';
import { forget, login, logout, resume, storedToken, type Session } from '../shared/session';
import { api, type Api } from './api';
import { AuditScreen } from './audit';
import { ImportScreen } from './import';
import { ProfileScreen } from './profile';
import { refusalText } from './refusals';
import { StructureScreen } from './structure';
import { UsersScreen } from './users';

export type Hospitals = AdminHospitalsQuery['hospitals'];

const TABS = [
  { id: 'profile', label: 'Profil rumah sakit' },
  { id: 'structure', label: 'Ruangan, kamar, tempat tidur' },
  { id: 'import', label: 'Impor CSV' },
  { id: 'users', label: 'Pengguna' },
  { id: 'audit', label: 'Jejak perubahan' },
] as const;
type Tab = (typeof TABS)[number]['id'];

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [booting, setBooting] = useState(true);
  const [notice, setNotice] = useState<string | undefined>();

  const sessionEnded = () => {
    forget();
    setSession(null);
    setNotice(TEXT.sessionEnded);
  };

  useEffect(() => {
    const stored = storedToken();
    if (!stored) return setBooting(false);
    resume(stored)
      .then(setSession, (err: unknown) => {
        if (err instanceof RequestError && err.code === 'UNAUTHENTICATED') sessionEnded();
        else setNotice(err instanceof RequestError ? errorText(err.code) : undefined);
      })
      .finally(() => setBooting(false));
  }, []);

  if (booting) return <p class="boot">Memuat halaman admin…</p>;
  if (!session) return <LoginForm notice={notice} onDone={setSession} />;
  return (
    <Admin
      session={session}
      onSessionEnded={sessionEnded}
      onLogout={() => {
        void logout(session).then(() => {
          setSession(null);
          setNotice(undefined);
        });
      }}
    />
  );
}

function Admin({ session, onSessionEnded, onLogout }: { session: Session; onSessionEnded: () => void; onLogout: () => void }) {
  const client: Api = useMemo(() => api(session.token, onSessionEnded), [session.token]);
  const [tab, setTab] = useState<Tab>('profile');
  const [hospitals, setHospitals] = useState<Hospitals | null>(null);
  const [users, setUsers] = useState<UserRowFragment[] | null>(null);
  const [refused, setRefused] = useState<string | null>(null);

  const reloadHospitals = () =>
    client.call(AdminHospitalsDocument, {}).then(
      (d) => setHospitals(d.hospitals),
      (err: unknown) => setRefused(err instanceof RequestError ? refusalText(err) : errorText('UNKNOWN')),
    );
  // The user list is ADMIN's only: the service's refusal of it is what keeps another role out of this page.
  const reloadUsers = () =>
    client.call(AdminUsersDocument, {}).then(
      (d) => setUsers(d.users.edges.map((e) => e.node)),
      (err: unknown) => setRefused(err instanceof RequestError ? refusalText(err) : errorText('UNKNOWN')),
    );
  useEffect(() => {
    void reloadUsers();
    void reloadHospitals();
  }, [client]);

  return (
    <div class="admin">
      <header class="bar">
        <span class="title">Admin SI-RANAP</span>
        <span class="muted">
          Masuk sebagai <strong>{session.user.username}</strong>
        </span>
        <button type="button" onClick={onLogout}>
          {TEXT.logout}
        </button>
      </header>
      {refused ? (
        <main class="content">
          <p class="error" role="alert" data-testid="refused">
            {refused}
          </p>
        </main>
      ) : (
        <>
          <nav class="tabs" aria-label="Bagian halaman admin">
            {TABS.map((t) => (
              <button
                type="button"
                key={t.id}
                aria-current={tab === t.id ? 'page' : undefined}
                class={tab === t.id ? 'tab active' : 'tab'}
                onClick={() => setTab(t.id)}
              >
                {t.label}
              </button>
            ))}
          </nav>
          <main class="content">
            {!hospitals || !users ? (
              <p class="boot">Memuat data…</p>
            ) : tab === 'profile' ? (
              <ProfileScreen api={client} hospitals={hospitals} onChanged={reloadHospitals} />
            ) : tab === 'structure' ? (
              <StructureScreen api={client} hospitals={hospitals} onChanged={reloadHospitals} />
            ) : tab === 'import' ? (
              <ImportScreen api={client} onApplied={reloadHospitals} />
            ) : tab === 'users' ? (
              <UsersScreen api={client} users={users} hospitals={hospitals} self={session.user.id} onChanged={reloadUsers} />
            ) : (
              <AuditScreen api={client} />
            )}
          </main>
        </>
      )}
    </div>
  );
}

function loginFailure(err: unknown): string {
  if (!(err instanceof RequestError)) return errorText('UNKNOWN');
  if (err.code === 'RATE_LIMITED') return TEXT.locked;
  if (err.code === 'UNAUTHENTICATED') return TEXT.wrongLogin;
  return errorText(err.code);
}

function LoginForm({ notice, onDone }: { notice?: string; onDone: (s: Session) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    login(username.trim(), password).then(onDone, (err: unknown) => {
      setBusy(false);
      setError(loginFailure(err));
    });
  };
  return (
    <main class="centered">
      <form class="card form" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Admin SI-RANAP</h1>
        <p class="muted">Pengaturan rumah sakit, ruangan, tempat tidur dan pengguna · hanya admin</p>
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <label>
          {TEXT.username}
          <input name="username" autocomplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label>
          {TEXT.password}
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        {error && (
          <p class="error" role="alert" data-testid="error">
            {error}
          </p>
        )}
        <button class="primary" type="submit" disabled={busy}>
          {busy ? 'Memeriksa…' : TEXT.login}
        </button>
      </form>
    </main>
  );
}
