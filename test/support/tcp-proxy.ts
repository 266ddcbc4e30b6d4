import { createServer, connect, type Server, type Socket } from 'node:net';
import { TestApp } from './test-app';

/**
 * A TCP relay in front of a server, which a test can cut and restore: the service behind it
 * then sees its database (or Redis) go away and come back, as in a network failure.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(port = 0): Promise<number> {
    this.server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  /** Refuses new connections and drops open ones. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port. */
  async restore(): Promise<void> {
    if (!this.server) await this.start(this.port);
  }
}

/**
 * A test app whose database connections pass through a TcpProxy, so the test can cut the
 * link. `close` restores the link (so the app can shut down cleanly), closes the app and
 * stops the proxy.
 */
export async function appBehindCuttableDatabase(overrides: Record<string, string> = {}): Promise<{ t: TestApp; proxy: TcpProxy; close: () => Promise<void> }> {
  const server = new URL(process.env.TEST_DATABASE_URL!);
  const proxy = new TcpProxy(server.hostname, Number(server.port || 5432));
  await proxy.start();
  const t = await TestApp.start(overrides, (url) => {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(proxy.port);
    return u.toString();
  });
  return {
    t,
    proxy,
    close: async () => {
      await proxy.restore();
      await t.close();
      await proxy.cut();
    },
  };
}
