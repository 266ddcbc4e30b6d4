import { useEffect, useState } from 'preact/hooks';
import { SetupAuditDocument, type SetupAuditQuery } from '../gql/graphql';
import type { Api } from './api';
import { changedFields } from './audit-view';
import { ErrorLine, useAction } from './use-action';

type Entry = SetupAuditQuery['setupAudit']['edges'][number]['node'];

const ENTITY_TEXT: Record<string, string> = { HOSPITAL: 'Rumah sakit', WARD: 'Ruangan', ROOM: 'Kamar', BED: 'Tempat tidur' };
const ACTION_TEXT: Record<string, string> = { CREATE: 'dibuat', UPDATE: 'diubah', RETIRE: 'dinonaktifkan', REOPEN: 'diaktifkan kembali' };
const VIA_TEXT: Record<string, string> = { api: 'halaman admin/API', import: 'impor CSV', seed: 'data contoh' };
const when = new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Makassar', dateStyle: 'medium', timeStyle: 'medium' });

/** The setup audit trail, newest first: who, when, before and after. */
export function AuditScreen({ api }: { api: Api }) {
  const [entries, setEntries] = useState<Entry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [total, setTotal] = useState(0);
  const { busy, error, run } = useAction();
  const load = (after: string | null) =>
    run(async () => {
      const { setupAudit: page } = await api.call(SetupAuditDocument, { after });
      setEntries((old) => [...(after ? old : []), ...page.edges.map((e) => e.node)]);
      setNext(page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null);
      setTotal(page.totalCount);
    });
  useEffect(() => void load(null), []);
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Jejak perubahan pengaturan</h1>
      <p class="muted">{total} perubahan, terbaru di atas.</p>
      <ErrorLine error={error} />
      <table class="table" data-testid="audit">
        <thead>
          <tr>
            <th scope="col">Waktu (WITA)</th>
            <th scope="col">Oleh</th>
            <th scope="col">Data</th>
            <th scope="col">Perubahan</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{when.format(new Date(e.at))}</td>
              <td>
                {e.actorUsername ?? 'sistem'} <small class="muted">({VIA_TEXT[e.via] ?? e.via})</small>
              </td>
              <td>
                {ENTITY_TEXT[e.entity] ?? e.entity} {String(e.after.code ?? '')} {ACTION_TEXT[e.action] ?? e.action}
              </td>
              <td>
                <ul class="changes">
                  {changedFields(e.before, e.after).map((c) => (
                    <li key={c}>{c}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {next && (
        <button type="button" disabled={busy} onClick={() => void load(next)}>
          Muat lebih banyak
        </button>
      )}
    </section>
  );
}
