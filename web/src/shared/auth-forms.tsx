import { useState } from 'preact/hooks';
import { ChangePasswordDocument } from '../gql/graphql';
import { RequestError, request } from './graphql';
import { errorText, TEXT } from './messages';
import { login, type Session } from './session';

/** Why a login failed, as the person at the screen should read it. */
function loginFailure(err: unknown): string {
  if (!(err instanceof RequestError)) return errorText('UNKNOWN');
  console.warn(`login: ${err.code}: ${err.message}`);
  if (err.code === 'RATE_LIMITED') return TEXT.locked;
  if (err.code === 'UNAUTHENTICATED') return TEXT.wrongLogin;
  return errorText(err.code);
}

/** The login of every staff page, with the page's own title. */
export function LoginForm({ title, subtitle, notice, onDone }: { title: string; subtitle: string; notice?: string; onDone: (s: Session) => void }) {
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
        <h1 id="login-title">{title}</h1>
        <p class="muted">{subtitle}</p>
        {notice && (
          <p class="notice" role="status" data-testid="notice">
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
          {busy ? TEXT.saving : TEXT.login}
        </button>
      </form>
    </main>
  );
}

/** The caller's own password: forced after a reset, or asked for. */
export function PasswordForm(props: { session: Session; forced: boolean; onDone: () => void; onCancel: () => void; onSessionEnded: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (e: Event) => {
    e.preventDefault();
    if (next !== repeat) {
      setError(TEXT.passwordsDiffer);
      return;
    }
    setBusy(true);
    setError(null);
    request(ChangePasswordDocument, { input: { currentPassword: current, newPassword: next } }, props.session.token).then(props.onDone, (err: unknown) => {
      setBusy(false);
      if (err instanceof RequestError && err.code === 'UNAUTHENTICATED') return props.onSessionEnded();
      if (err instanceof RequestError) console.warn(`changePassword: ${err.code}: ${err.message}`);
      setError(err instanceof RequestError ? errorText(err.code) : errorText('UNKNOWN'));
    });
  };
  return (
    <main class="centered">
      <form class="card form" onSubmit={submit} aria-labelledby="password-title">
        <h1 id="password-title">{TEXT.changePassword}</h1>
        {props.forced && <p class="notice">{TEXT.mustChangePassword}</p>}
        <label>
          {TEXT.currentPassword}
          <input type="password" autocomplete="current-password" required value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
        </label>
        <label>
          {TEXT.newPassword}
          <input type="password" autocomplete="new-password" required minLength={12} value={next} onInput={(e) => setNext(e.currentTarget.value)} />
        </label>
        <label>
          {TEXT.repeatPassword}
          <input type="password" autocomplete="new-password" required minLength={12} value={repeat} onInput={(e) => setRepeat(e.currentTarget.value)} />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <div class="row">
          {!props.forced && (
            <button type="button" onClick={props.onCancel}>
              {TEXT.cancel}
            </button>
          )}
          <button class="primary" type="submit" disabled={busy}>
            {busy ? TEXT.saving : TEXT.save}
          </button>
        </div>
      </form>
    </main>
  );
}
