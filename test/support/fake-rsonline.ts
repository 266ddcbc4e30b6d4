import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface FakeRequest {
  method: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown> | null;
  at: number;
}

export interface FakeRow {
  id_t_tt: string;
  id_tt: number;
  ruang: string;
  [field: string]: unknown;
}

/**
 * A local stand-in for RS Online's `Fasyankes` endpoint (the real one cannot be reached from
 * tests): GET lists the hospital's rows, POST adds one, PUT changes one by id_t_tt, DELETE
 * removes one. It checks X-rs-id, X-pass (MD5 of the password) and X-Timestamp, and can be told
 * to answer with errors or to answer slowly.
 */
export class FakeRsOnline {
  readonly rows = new Map<string, FakeRow>();
  readonly requests: FakeRequest[] = [];
  /** The next this-many requests are answered HTTP 500. */
  failNext = 0;
  /** Each answer waits this long. */
  delayMs = 0;
  private nextId = 100;
  private server: Server | null = null;

  constructor(
    readonly rsId: string,
    private readonly password: string,
  ) {}

  get url(): string {
    const address = this.server!.address() as { port: number };
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  seed(row: { id_tt: number; ruang: string; [field: string]: unknown }): string {
    const id = String(this.nextId++);
    this.rows.set(id, { ...row, id_t_tt: id });
    return id;
  }

  /** Requests that changed something (everything but GET) since `from`. */
  writesSince(from: number): FakeRequest[] {
    return this.requests.slice(from).filter((r) => r.method !== 'GET');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString();
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    this.requests.push({ method: req.method ?? '', headers: req.headers, body, at: Date.now() });
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    if (res.destroyed) return;
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (this.failNext > 0) {
      this.failNext -= 1;
      return send(500, { message: 'Internal Server Error (fake)' });
    }
    const stamp = Number(req.headers['x-timestamp']);
    const md5 = createHash('md5').update(this.password).digest('hex');
    if (req.headers['x-rs-id'] !== this.rsId || req.headers['x-pass'] !== md5 || !(Math.abs(Date.now() / 1000 - stamp) < 300)) {
      return send(401, { message: 'Unauthorized: X-rs-id, X-pass or X-Timestamp is wrong' });
    }
    if (req.url !== '/Fasyankes') return send(404, { message: `no route ${req.url}` });
    const ok = (message: string) => send(200, { fasyankes: [{ status: '200', message }] });
    switch (req.method) {
      case 'GET':
        // RS Online gives numbers as strings.
        return send(200, { fasyankes: [...this.rows.values()].map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)]))) });
      case 'POST': {
        const id = String(this.nextId++);
        this.rows.set(id, { ...(body as FakeRow), id_t_tt: id });
        return ok('Data berhasil disimpan');
      }
      case 'PUT': {
        const id = String(body?.id_t_tt);
        if (!this.rows.has(id)) return send(200, { fasyankes: [{ status: '404', message: `id_t_tt ${id} tidak ditemukan` }] });
        this.rows.set(id, { ...(body as FakeRow), id_t_tt: id });
        return ok('Data berhasil diupdate');
      }
      case 'DELETE': {
        const id = String(body?.id_t_tt);
        this.rows.delete(id);
        return ok('Data berhasil dihapus');
      }
      default:
        return send(405, { message: 'method not allowed' });
    }
  }
}
