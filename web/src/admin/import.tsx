import { useState } from 'preact/hooks';
import { RequestError } from '../shared/graphql';
import { errorText } from '../shared/messages';
import type { Api } from './api';
import {
  changesAnything,
  OPTIONAL_COLUMNS,
  problemRows,
  problemsOf,
  REQUIRED_COLUMNS,
  reportRows,
  reportSummary,
  type ImportReport,
  type ProblemRow,
} from './import-view';
import { refusalText } from './refusals';

/** Choose a CSV, see what it would do (a dry run), then apply it: all of it in one transaction, or nothing. */
export function ImportScreen({ api, onApplied }: { api: Api; onApplied: () => Promise<void> }) {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportReport | null>(null);
  const [result, setResult] = useState<ImportReport | null>(null);
  const [problems, setProblems] = useState<ProblemRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setProblems([]);
    try {
      const report = await api.importCsv(file, dryRun);
      if (dryRun) setPreview(report);
      else {
        setPreview(null);
        setResult(report);
        await onApplied();
      }
    } catch (err) {
      setPreview(null);
      if (err instanceof RequestError) {
        const rows = problemRows(problemsOf(err.details));
        setProblems(rows);
        setError(rows.length > 0 ? 'Berkas tidak diimpor; tidak ada yang diubah. Perbaiki baris berikut lalu pilih berkasnya lagi.' : refusalText(err));
      } else setError(errorText('UNKNOWN'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="import-title">
      <h1 id="import-title">Impor tempat tidur dari CSV</h1>
      <p class="muted">
        Satu baris per tempat tidur, baris pertama berisi nama kolom: <code>{REQUIRED_COLUMNS}</code> (pilihan: <code>{OPTIONAL_COLUMNS}</code>), dipisahkan ","
        atau ";". Berkas ini adalah daftar lengkap: tempat tidur yang tidak ada di berkas dinonaktifkan (riwayatnya tetap). Mengimpor berkas yang sama lagi
        tidak mengubah apa pun.
      </p>
      <div class="card form wide">
        <label>
          Berkas CSV
          <input
            type="file"
            name="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0] ?? null);
              setPreview(null);
              setResult(null);
              setProblems([]);
              setError(null);
            }}
          />
        </label>
        <div class="row">
          <button type="button" class="primary" disabled={!file || busy} onClick={() => void send(true)}>
            {busy && !preview ? 'Memeriksa…' : 'Periksa (pratinjau)'}
          </button>
          <button type="button" class="primary" disabled={!preview || busy || !changesAnything(preview)} onClick={() => void send(false)}>
            {busy && preview ? 'Menerapkan…' : 'Terapkan impor'}
          </button>
        </div>
        {error && (
          <p class="error" role="alert" data-testid="import-error">
            {error}
          </p>
        )}
      </div>
      {problems.length > 0 && (
        <table class="table" data-testid="problems">
          <caption>Kesalahan di berkas</caption>
          <thead>
            <tr>
              <th scope="col">Baris</th>
              <th scope="col">Kolom</th>
              <th scope="col">Masalah dan yang diizinkan</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p, i) => (
              <tr key={i}>
                <td>{p.where}</td>
                <td>{p.column ?? '–'}</td>
                <td>
                  {p.text}
                  <br />
                  <small class="muted" lang="en">
                    {p.detail}
                  </small>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(preview ?? result) && <Report report={(preview ?? result)!} />}
    </section>
  );
}

function Report({ report }: { report: ImportReport }) {
  return (
    <div data-testid={report.dryRun ? 'preview' : 'result'}>
      <p class={report.dryRun ? 'notice' : 'ok'} role="status">
        {reportSummary(report)}
      </p>
      <table class="table">
        <caption>{report.dryRun ? 'Pratinjau impor (belum diterapkan)' : 'Hasil impor'}</caption>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">Baru</th>
            <th scope="col">Diubah</th>
            <th scope="col">Dinonaktifkan</th>
            <th scope="col">Diaktifkan kembali</th>
            <th scope="col">Tetap</th>
          </tr>
        </thead>
        <tbody>
          {reportRows(report).map(({ what, counts: c }) => (
            <tr key={what}>
              <th scope="row">{what}</th>
              <td title={c.createdCodes.join(', ')}>{c.created}</td>
              <td title={c.updatedCodes.join(', ')}>{c.updated}</td>
              <td title={c.retiredCodes.join(', ')}>{c.retired}</td>
              <td title={c.reopenedCodes.join(', ')}>{c.reopened}</td>
              <td>{c.unchanged}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.beds.retiredCodes.length > 0 && <p>Tempat tidur yang dinonaktifkan: {report.beds.retiredCodes.join(', ')}</p>}
    </div>
  );
}
