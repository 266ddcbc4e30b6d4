import { parseExistingRows, passHeader, type ExistingRow, type RsOnlineRow } from './rsonline-rows';

export interface RsOnlineClientConfig {
  baseUrl: string;
  rsId: string;
  password: string;
  passMode: 'md5' | 'plain';
  timeoutMs: number;
}

/** A failed request: the message names the method, the status or the timeout, and RS Online's words. */
export class RsOnlineError extends Error {}

/** The four calls of RS Online's `Fasyankes` bed endpoint. */
export class RsOnlineClient {
  constructor(private readonly config: RsOnlineClientConfig) {}

  async existingRows(): Promise<ExistingRow[]> {
    const body = await this.request('GET');
    const rows = parseExistingRows(body);
    if (typeof rows === 'string') throw new RsOnlineError(`GET Fasyankes: ${rows}`);
    return rows;
  }

  async post(row: RsOnlineRow): Promise<void> {
    await this.request('POST', row);
  }

  async put(row: ExistingRow): Promise<void> {
    await this.request('PUT', row);
  }

  async delete(row: ExistingRow): Promise<void> {
    await this.request('DELETE', { id_t_tt: row.id_t_tt });
  }

  private async request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', body?: object): Promise<unknown> {
    const headers: Record<string, string> = {
      'X-rs-id': this.config.rsId,
      'X-Timestamp': String(Math.floor(Date.now() / 1000)),
      'X-pass': passHeader(this.config.password, this.config.passMode),
      Accept: 'application/json',
    };
    if (body) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${this.config.baseUrl}/Fasyankes`, {
        method,
        headers,
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
    } catch (err) {
      const e = err as Error;
      const why = e.name === 'TimeoutError' ? `no answer within ${this.config.timeoutMs} ms` : ((e.cause as Error | undefined)?.message ?? e.message);
      throw new RsOnlineError(`${method} Fasyankes: ${why}`);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      const e = err as Error;
      throw new RsOnlineError(`${method} Fasyankes: ${e.name === 'TimeoutError' ? `no answer within ${this.config.timeoutMs} ms` : e.message}`);
    }
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Kept as text for the error message below.
    }
    if (!res.ok) throw new RsOnlineError(`${method} Fasyankes: HTTP ${res.status} ${describe(parsed, text)}`);
    // RS Online also answers refusals with HTTP 200 and a status inside the body.
    const inner = (parsed as { fasyankes?: { status?: unknown; message?: unknown }[] } | null)?.fasyankes?.[0];
    if (method !== 'GET' && inner?.status !== undefined && String(inner.status) !== '200') {
      throw new RsOnlineError(`${method} Fasyankes: status ${String(inner.status)} ${String(inner.message ?? '')}`.trim());
    }
    return parsed;
  }
}

function describe(parsed: unknown, text: string): string {
  const message = (parsed as { message?: unknown } | null)?.message;
  return (typeof message === 'string' ? message : text).slice(0, 300);
}
