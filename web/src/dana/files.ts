import { RequestError } from '../shared/graphql';

/** The service's limit on one evidence document (it checks again, from the content). */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
const ACCEPTED = /\.(pdf|jpe?g|png)$/i;

/** Why a chosen file cannot be an evidence document, or null: told before anything is sent. */
export function evidenceProblem(file: { name: string; size: number }): string | null {
  if (!ACCEPTED.test(file.name)) return `${file.name}: hanya PDF, JPEG atau PNG.`;
  if (file.size === 0) return `${file.name}: berkas kosong.`;
  if (file.size > MAX_DOCUMENT_BYTES) return `${file.name}: lebih dari 5 MB.`;
  return null;
}

async function failure(res: Response): Promise<RequestError> {
  let body: { code?: unknown; message?: unknown } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // Not the service's JSON refusal (a proxy's page): the status says enough.
  }
  const code = typeof body.code === 'string' ? body.code : res.status === 401 ? 'UNAUTHENTICATED' : res.status === 403 ? 'FORBIDDEN' : 'UNKNOWN';
  return new RequestError(code, typeof body.message === 'string' ? body.message : `HTTP ${res.status}`);
}

async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    throw new RequestError('NETWORK', err instanceof Error ? err.message : String(err));
  }
}

/** POST /ledger/claims/{id}/documents with the file as the raw body (the service reads the type from it). */
export async function uploadEvidence(claimId: string, file: File, token: string): Promise<void> {
  const res = await send(`/ledger/claims/${encodeURIComponent(claimId)}/documents?fileName=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': file.type || 'application/octet-stream' },
    body: file,
  });
  if (!res.ok) throw await failure(res);
}

/**
 * Fetches a file the service gives only with the bearer token and saves it under `fileName`
 * through a blob: URL (a plain link could not carry the token).
 */
export async function download(path: string, fileName: string, token: string): Promise<void> {
  const res = await send(path, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw await failure(res);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // The browser has started reading the blob by now; it is freed once saved.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The query string of the exports for a drawdowns filter (keys left out when empty). */
export function exportQuery(params: Record<string, string | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
