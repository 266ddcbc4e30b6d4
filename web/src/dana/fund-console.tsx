import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ClaimChangedDocument, FundBalanceChangedDocument, FundBalanceNowDocument, FundsDocument, type FundBalanceNowQuery } from '../gql/graphql';
import { connectLive, type ConnectionState } from '../shared/live';
import { TEXT } from '../shared/messages';
import type { MainProps } from '../shared/session-app';
import { AuditScreen } from './audit-screen';
import { caller, type Fund, type FundContext } from './context';
import { screensFor, type FundScreen } from './duties';
import { rupiah } from './money';
import { OpenFund } from './open-fund';
import { PayScreen } from './pay-screen';
import { SubmitScreen } from './submit-screen';
import { fundErrorText, SCREEN_TITLE, witaToday } from './texts';
import { VerifyScreen } from './verify-screen';

/** Roles that may follow the fund live (claimChanged, fundBalanceChanged). */
const LIVE_ROLES = ['VERIFIER', 'FINANCE', 'AUDITOR'];

type Props = MainProps;

/** The fund of the current fiscal year (WITA) when there is one, else the newest. */
function defaultFund(funds: readonly Fund[]): Fund | null {
  const year = Number(witaToday().slice(0, 4));
  return funds.find((f) => f.fiscalYear === year) ?? funds[0] ?? null;
}

export function FundConsole({ session, onLogout, onChangePassword, onSessionEnded }: Props) {
  const screens = screensFor(session.user.roles);
  const [screen, setScreen] = useState<FundScreen | null>(screens[0] ?? null);
  const [funds, setFunds] = useState<Fund[] | null>(null);
  const [fundId, setFundId] = useState<string | null>(null);
  const [balance, setBalance] = useState<FundBalanceNowQuery['fundBalance'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const endedRef = useRef(onSessionEnded);
  endedRef.current = onSessionEnded;
  const call = useMemo(() => caller(session, () => endedRef.current()), [session.token]);
  const live = session.user.roles.some((r) => LIVE_ROLES.includes(r));

  useEffect(() => {
    if (screens.length === 0) return;
    call(FundsDocument, {}).then(
      (data) => {
        setFunds(data.funds);
        setFundId(defaultFund(data.funds)?.id ?? null);
      },
      (err: unknown) => setError(fundErrorText(err, 'READ')),
    );
  }, [session.token]);

  const fund = funds?.find((f) => f.id === fundId) ?? null;
  const currentYear = Number(witaToday().slice(0, 4));

  // Live: every committed action on the fund's claims and every posting re-reads the screens.
  useEffect(() => {
    if (!fund || !live) return;
    const client = connectLive(session.token, setConnection, () => endedRef.current());
    const bump = () => setTick((n) => n + 1);
    const stops = [
      client.subscribe(ClaimChangedDocument, { fundId: fund.id }, bump, (err) => console.warn(`claimChanged: ${err.code}: ${err.message}`)),
      client.subscribe(FundBalanceChangedDocument, { fundId: fund.id }, bump, (err) => console.warn(`fundBalanceChanged: ${err.code}: ${err.message}`)),
    ];
    return () => {
      stops.forEach((stop) => stop());
      client.dispose();
    };
  }, [fund?.id, session.token]);

  const readBalance = () => {
    if (!fund) return;
    call(FundBalanceNowDocument, { fundId: fund.id }).then(
      (data) => setBalance(data.fundBalance),
      (err: unknown) => console.warn(err),
    );
  };
  useEffect(readBalance, [fund?.id, tick]);

  const ctx: FundContext | null = fund
    ? { session, fund, tick, live, call, sessionEnded: () => endedRef.current(), changed: () => (live ? undefined : readBalance()) }
    : null;

  return (
    <div class="fund">
      <header class="bar">
        <div class="title">
          <h1>Dana Darurat Kesehatan</h1>
          <span class="muted">
            {session.user.username} · {session.user.roles.join(', ')}
          </span>
        </div>
        {live && (
          <p class={`connection ${connection}`} data-testid="connection" data-state={connection} role="status">
            {connection === 'online' ? TEXT.online : connection === 'connecting' ? TEXT.connecting : 'Terputus – menyambung ulang…'}
          </p>
        )}
        <div class="row">
          <button type="button" onClick={onChangePassword}>
            {TEXT.changePassword}
          </button>
          <button type="button" onClick={onLogout}>
            {TEXT.logout}
          </button>
        </div>
      </header>
      {screens.length === 0 && (
        <p class="error" role="alert">
          Akun ini tidak memiliki peran dana darurat (admisi, Inspektorat, keuangan atau auditor). Hubungi admin.
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {funds && session.user.roles.includes('FINANCE') && !funds.some((f) => f.fiscalYear === currentYear) && (
        <OpenFund
          year={currentYear}
          call={call}
          onOpened={(opened) => {
            setFunds([opened, ...funds]);
            setFundId(opened.id);
          }}
        />
      )}
      {funds && funds.length === 0 && !session.user.roles.includes('FINANCE') && (
        <p class="notice">Belum ada dana yang dibuka. Keuangan membuka dana tahun anggaran.</p>
      )}
      {funds && funds.length > 0 && (
        <section class="fund-bar" aria-label="Dana">
          <label class="picker">
            Dana
            <select value={fundId ?? ''} onChange={(e) => setFundId(e.currentTarget.value)}>
              {funds.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name} ({f.fiscalYear}){f.closedAt ? ' – ditutup' : ''}
                </option>
              ))}
            </select>
          </label>
          {fund && (
            <dl class="balances" data-testid="balances">
              <div>
                <dt>Pagu</dt>
                <dd>{rupiah(fund.ceiling)}</dd>
              </div>
              {balance && (
                <>
                  <div>
                    <dt>Tersedia</dt>
                    <dd data-testid="available">{rupiah(balance.available)}</dd>
                  </div>
                  <div>
                    <dt>Dicadangkan</dt>
                    <dd data-testid="held">{rupiah(balance.held)}</dd>
                  </div>
                  <div>
                    <dt>Dibayar (bersih)</dt>
                    <dd data-testid="paid">{rupiah(balance.paid)}</dd>
                  </div>
                </>
              )}
            </dl>
          )}
        </section>
      )}
      {screens.length > 1 && (
        <nav class="tabs" aria-label="Layar">
          {screens.map((s) => (
            <button key={s} type="button" class={s === screen ? 'primary' : ''} aria-current={s === screen ? 'page' : undefined} onClick={() => setScreen(s)}>
              {SCREEN_TITLE[s]}
            </button>
          ))}
        </nav>
      )}
      {ctx && screen === 'submit' && <SubmitScreen ctx={ctx} />}
      {ctx && screen === 'verify' && <VerifyScreen ctx={ctx} />}
      {ctx && screen === 'pay' && <PayScreen ctx={ctx} />}
      {ctx && screen === 'audit' && <AuditScreen ctx={ctx} />}
    </div>
  );
}
