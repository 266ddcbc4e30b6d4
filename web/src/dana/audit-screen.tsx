import { useEffect, useState } from 'preact/hooks';
import {
  BalanceSeriesDocument,
  DrawdownsDocument,
  ReviewClaimNowDocument,
  VerifyLedgerDocument,
  type ClaimStatus,
  type DrawdownRowFragment,
  type DrawdownsQuery,
  type ReviewClaimFragment,
  type SeriesUnit,
  type VerifyLedgerQuery,
} from '../gql/graphql';
import { BalanceChart, type BalancePoint } from './balance-chart';
import { Amounts, ClaimFacts, Documents, Duplicates, FailureLine, History, StatusBadge, useStep } from './claim-parts';
import type { FundContext } from './context';
import { download, exportQuery } from './files';
import { rupiah } from './money';
import { STATUS_TEXT, witaDateTime, witaEndOf, witaStartOf, witaToday } from './texts';

/** AUDITOR (and FINANCE): the fund over time, the drawdowns, a claim's history, the chain check, the downloads. */
export function AuditScreen({ ctx }: { ctx: FundContext }) {
  return (
    <main class="screen" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit dana {ctx.fund.fiscalYear}</h2>
      <Series ctx={ctx} />
      <Drawdowns ctx={ctx} />
      <VerifyChain ctx={ctx} />
    </main>
  );
}

function Series({ ctx }: { ctx: FundContext }) {
  const year = ctx.fund.fiscalYear;
  const today = witaToday();
  const [from, setFrom] = useState(`${year}-01-01`);
  const [to, setTo] = useState(today < `${year}-12-31` && today >= `${year}-01-01` ? today : `${year}-12-31`);
  const [unit, setUnit] = useState<SeriesUnit>('DAY');
  const [points, setPoints] = useState<BalancePoint[] | null>(null);
  const step = useStep('READ');
  const read = () =>
    void step.run(async () => {
      const data = await ctx.call(BalanceSeriesDocument, { fundId: ctx.fund.id, from: witaStartOf(from), to: witaEndOf(to), unit });
      setPoints(data.fundBalanceSeries);
    });
  useEffect(read, [ctx.fund.id, ctx.tick]);
  return (
    <section class="card" aria-labelledby="series-title">
      <h3 id="series-title">Saldo dana dari waktu ke waktu</h3>
      <form
        class="row inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          read();
        }}
      >
        <label>
          Dari tanggal
          <input type="date" name="seriesFrom" required value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          Sampai tanggal
          <input type="date" name="seriesTo" required value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <label>
          Per
          <select value={unit} onChange={(e) => setUnit(e.currentTarget.value as SeriesUnit)}>
            <option value="DAY">hari</option>
            <option value="MONTH">bulan</option>
          </select>
        </label>
        <button type="submit" disabled={step.busy}>
          Tampilkan
        </button>
      </form>
      <FailureLine failure={step.failure} />
      {points && points.length === 0 && <p class="muted">Tidak ada data pada periode ini.</p>}
      {points && points.length > 0 && <BalanceChart points={points} />}
    </section>
  );
}

interface Filter {
  status: ClaimStatus | '';
  from: string;
  to: string;
  medicalRecordNumber: string;
}
const NO_FILTER: Filter = { status: '', from: '', to: '', medicalRecordNumber: '' };

type Page = DrawdownsQuery['drawdowns'];

function Drawdowns({ ctx }: { ctx: FundContext }) {
  const [draft, setDraft] = useState<Filter>(NO_FILTER);
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
  const [page, setPage] = useState<Page | null>(null);
  const [rows, setRows] = useState<DrawdownRowFragment[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const step = useStep('READ');
  const files = useStep('READ');

  const query = {
    fundId: ctx.fund.id,
    status: filter.status || null,
    from: filter.from ? witaStartOf(filter.from) : null,
    to: filter.to ? witaEndOf(filter.to) : null,
    medicalRecordNumber: filter.medicalRecordNumber.trim() || null,
  };
  const read = (after: string | null) =>
    void step.run(async () => {
      const { drawdowns } = await ctx.call(DrawdownsDocument, { filter: query, after });
      setPage(drawdowns);
      setRows((before) => (after ? [...before, ...drawdowns.edges.map((e) => e.node)] : drawdowns.edges.map((e) => e.node)));
    });
  useEffect(() => read(null), [ctx.fund.id, ctx.tick, filter]);

  const save = (format: 'csv' | 'xlsx' | 'jsonl') => {
    const path =
      format === 'jsonl'
        ? `/ledger/export.jsonl${exportQuery({ fundId: ctx.fund.id })}`
        : `/ledger/claims.${format}${exportQuery({ ...query, ...(format === 'csv' ? { sep: ';' } : {}) })}`;
    const name = format === 'jsonl' ? `jurnal-dana-${ctx.fund.fiscalYear}.jsonl` : `penarikan-dana-${ctx.fund.fiscalYear}.${format}`;
    void files.run(() => download(path, name, ctx.session.token));
  };

  return (
    <section class="card" aria-labelledby="drawdowns-title">
      <h3 id="drawdowns-title">Penarikan dana (klaim)</h3>
      <form
        class="row inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter({ ...draft });
        }}
      >
        <label>
          Status
          <select name="status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.currentTarget.value as ClaimStatus | '' })}>
            <option value="">semua</option>
            {(Object.keys(STATUS_TEXT) as ClaimStatus[]).map((s) => (
              <option key={s} value={s}>
                {STATUS_TEXT[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Diajukan dari
          <input type="date" name="from" value={draft.from} onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />
        </label>
        <label>
          sampai
          <input type="date" name="to" value={draft.to} onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })} />
        </label>
        <label>
          No. rekam medis
          <input name="mrn" value={draft.medicalRecordNumber} onInput={(e) => setDraft({ ...draft, medicalRecordNumber: e.currentTarget.value })} />
        </label>
        <button type="submit">Terapkan</button>
      </form>
      <FailureLine failure={step.failure} />
      {page && (
        <dl class="balances" data-testid="drawdown-totals">
          <div>
            <dt>Jumlah klaim</dt>
            <dd data-testid="total-count">{page.totalCount}</dd>
          </div>
          <div>
            <dt>Diajukan</dt>
            <dd>{rupiah(page.totals.requested)}</dd>
          </div>
          <div>
            <dt>Dicadangkan</dt>
            <dd>{rupiah(page.totals.held)}</dd>
          </div>
          <div>
            <dt>Dibayar (bruto)</dt>
            <dd data-testid="total-paid">{rupiah(page.totals.paid)}</dd>
          </div>
          <div>
            <dt>Dikembalikan</dt>
            <dd>{rupiah(page.totals.refunded)}</dd>
          </div>
        </dl>
      )}
      <div class="row downloads">
        <button type="button" disabled={files.busy} onClick={() => save('csv')}>
          Unduh CSV (;)
        </button>
        <button type="button" disabled={files.busy} onClick={() => save('xlsx')}>
          Unduh XLSX
        </button>
        <button type="button" disabled={files.busy} onClick={() => save('jsonl')}>
          Unduh jurnal (JSONL)
        </button>
      </div>
      <FailureLine failure={files.failure} />
      <div class="table-wrap">
        <table class="table">
          <caption class="muted">Terbaru di atas; tanggal dalam WITA.</caption>
          <thead>
            <tr>
              <th scope="col">Diajukan</th>
              <th scope="col">No. RM</th>
              <th scope="col">Pasien</th>
              <th scope="col">Status</th>
              <th scope="col">Jumlah</th>
              <th scope="col">Dibayar</th>
              <th scope="col">SP2D</th>
              <th scope="col">Riwayat</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.id} data-testid="drawdown" data-claim-id={c.id}>
                <td>{witaDateTime(c.createdAt)}</td>
                <td>{c.medicalRecordNumber}</td>
                <td>{c.patientName}</td>
                <td>
                  <StatusBadge status={c.status} />
                </td>
                <td>{rupiah(c.amount)}</td>
                <td>{rupiah(c.paidAmount)}</td>
                <td>{c.sp2dNumber ? `${c.sp2dNumber} (${c.sp2dDate})` : '–'}</td>
                <td>
                  <button type="button" aria-label={`Riwayat klaim RM ${c.medicalRecordNumber}`} onClick={() => setSelected(c.id)}>
                    Lihat
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page?.pageInfo.hasNextPage && (
        <button type="button" onClick={() => read(page.pageInfo.endCursor ?? null)}>
          Muat lebih banyak
        </button>
      )}
      {selected && <ClaimDetail ctx={ctx} id={selected} onClose={() => setSelected(null)} />}
    </section>
  );
}

function ClaimDetail({ ctx, id, onClose }: { ctx: FundContext; id: string; onClose: () => void }) {
  const [claim, setClaim] = useState<ReviewClaimFragment | null>(null);
  const step = useStep('READ');
  useEffect(
    () =>
      void step.run(async () => {
        setClaim((await ctx.call(ReviewClaimNowDocument, { id })).claim);
      }),
    [id, ctx.tick],
  );
  return (
    <section class="card detail" aria-labelledby="detail-title" data-testid="claim-detail">
      <div class="row">
        <h3 id="detail-title">Riwayat lengkap klaim {claim ? `RM ${claim.medicalRecordNumber}` : ''}</h3>
        <button type="button" onClick={onClose}>
          Tutup
        </button>
      </div>
      <FailureLine failure={step.failure} />
      {claim && (
        <>
          <StatusBadge status={claim.status} />
          <ClaimFacts claim={claim} />
          <Amounts claim={claim} />
          <Duplicates claim={claim} />
          <Documents ctx={ctx} documents={claim.documents} canDownload />
          <History events={claim.history} />
        </>
      )}
    </section>
  );
}

function VerifyChain({ ctx }: { ctx: FundContext }) {
  const [result, setResult] = useState<(VerifyLedgerQuery['verifyLedger'] & { at: string }) | null>(null);
  const step = useStep('READ');
  const check = () =>
    void step.run(async () => {
      const { verifyLedger } = await ctx.call(VerifyLedgerDocument, { fundId: ctx.fund.id });
      setResult({ ...verifyLedger, at: new Date().toISOString() });
    });
  return (
    <section class="card" aria-labelledby="chain-title">
      <h3 id="chain-title">Periksa rantai jurnal</h3>
      <p class="muted">Menghitung ulang setiap hash jurnal dan dokumen bukti dana ini.</p>
      <button type="button" class="primary" disabled={step.busy} onClick={check}>
        {step.busy ? 'Memeriksa…' : 'Periksa jurnal'}
      </button>
      <FailureLine failure={step.failure} />
      {result && (
        <div class={result.valid ? 'ok' : 'error'} role="status" data-testid="ledger-result" data-valid={String(result.valid)}>
          <p>
            <strong>{result.valid ? 'Jurnal utuh.' : 'Jurnal TIDAK cocok.'}</strong> {result.entriesChecked} entri diperiksa, {witaDateTime(result.at)}.
          </p>
          <p>
            Hash terakhir: <code class="hash">{result.headHash}</code>
          </p>
          {result.firstBrokenEntryId && <p>Entri pertama yang tidak cocok: {result.firstBrokenEntryId}</p>}
          {result.changedDocumentIds.length > 0 && <p>Dokumen yang berubah: {result.changedDocumentIds.join(', ')}</p>}
        </div>
      )}
    </section>
  );
}
