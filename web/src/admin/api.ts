import type { TypedDocumentString } from '../gql/graphql';
import { RequestError, request } from '../shared/graphql';
import type { ImportReport } from './import-view';

/** The admin's requests, with the session's token; an ended session goes back to the login. */
export interface Api {
  call<R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<R>;
  importCsv(file: File, dryRun: boolean): Promise<ImportReport>;
}

export function api(token: string, onSessionEnded: () => void): Api {
  const ended = (err: unknown): never => {
    if (err instanceof RequestError && err.code === 'UNAUTHENTICATED') onSessionEnded();
    if (err instanceof RequestError) console.warn(`${err.code}: ${err.message}`);
    throw err;
  };
  return {
    call: (document, variables) => request(document, variables, token).catch(ended),
    // POST /admin/import (multipart): the same report as the importBeds mutation, and a file of any size the route takes.
    async importCsv(file, dryRun) {
      const form = new FormData();
      form.append('file', file, file.name);
      let res: Response;
      try {
        res = await fetch(`/admin/import?dryRun=${dryRun}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      } catch (err) {
        return ended(new RequestError('NETWORK', err instanceof Error ? err.message : String(err)));
      }
      let body: Record<string, unknown>;
      try {
        body = (await res.json()) as Record<string, unknown>;
      } catch {
        return ended(new RequestError(res.status >= 500 ? 'SERVICE_UNAVAILABLE' : 'NETWORK', `HTTP ${res.status} without JSON`));
      }
      if (res.ok) return body as unknown as ImportReport;
      const { code, message, ...details } = body;
      const fallback = res.status === 401 ? 'UNAUTHENTICATED' : res.status === 403 ? 'FORBIDDEN' : res.status === 429 ? 'RATE_LIMITED' : 'UNKNOWN';
      return ended(new RequestError(typeof code === 'string' ? code : fallback, typeof message === 'string' ? message : `HTTP ${res.status}`, details));
    },
  };
}
