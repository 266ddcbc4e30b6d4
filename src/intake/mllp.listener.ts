import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { AppConfig } from '../config/app-config';
import { buildAck } from './adt-message';
import { IntakeService } from './intake.service';
import { frame, MllpDecoder } from './mllp';

/**
 * The MLLP listener (ROLE worker or all; off unless HL7_MLLP_PORT is set), over TLS when a
 * certificate and key are given. Messages of one connection are handled as they come; each
 * ACK is written when its outcome is known (MSA-2 names the message it answers).
 */
@Injectable()
export class MllpListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(MllpListener.name);
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly config: AppConfig,
    private readonly intake: IntakeService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const env = this.config.env;
    if (env.HL7_MLLP_PORT === undefined) return;
    await this.intake.interfaceActor();
    this.intake.start();
    const tls = env.HL7_TLS_CERT_FILE && env.HL7_TLS_KEY_FILE;
    const onSocket = (socket: Socket) => this.serve(socket);
    this.server = tls
      ? createTlsServer(
          {
            cert: readFileSync(env.HL7_TLS_CERT_FILE!),
            key: readFileSync(env.HL7_TLS_KEY_FILE!),
            ca: env.HL7_TLS_CA_FILE ? readFileSync(env.HL7_TLS_CA_FILE) : undefined,
            requestCert: Boolean(env.HL7_TLS_CA_FILE),
            rejectUnauthorized: Boolean(env.HL7_TLS_CA_FILE),
          },
          onSocket,
        )
      : createTcpServer(onSocket);
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(env.HL7_MLLP_PORT, env.HL7_MLLP_HOST, () => resolve());
    });
    this.log.log(`HL7 MLLP${tls ? ' over TLS' : ''} listening on ${env.HL7_MLLP_HOST}:${this.port()}`);
  }

  /** The port listened on (HL7_MLLP_PORT=0 picks a free one); null when off. */
  port(): number | null {
    const address = this.server?.address();
    return address && typeof address === 'object' ? address.port : null;
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    const decoder = new MllpDecoder(this.config.env.HL7_MAX_MESSAGE_BYTES);
    const remote = `${socket.remoteAddress ?? ''}:${socket.remotePort ?? ''}`;
    const write = (ack: string) => {
      if (!socket.destroyed) socket.write(frame(ack));
    };
    socket.on('data', (chunk: Buffer) => {
      for (const f of decoder.push(chunk)) {
        if (f.kind === 'message') {
          this.intake.receive(f.text, remote).then(write, (err: Error) => {
            this.log.error(`HL7 message from ${remote} not taken: ${err.message}`);
            write(
              buildAck(
                null,
                'AE',
                { code: '207', location: '', text: 'The service could not store the message now; send it again.' },
                null,
                controlIdOf(f.text),
              ),
            );
          });
        } else if (f.kind === 'oversize') {
          write(
            buildAck(null, 'AR', {
              code: '100',
              location: '',
              text: `Message of ${f.bytes} bytes is over HL7_MAX_MESSAGE_BYTES (${this.config.env.HL7_MAX_MESSAGE_BYTES}).`,
            }),
          );
        } else {
          write(buildAck(null, 'AR', { code: '100', location: '', text: `${f.bytes} bytes outside an MLLP frame (<VT> message <FS><CR>) were dropped.` }));
        }
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of this.sockets) s.end();
      setTimeout(() => {
        for (const s of this.sockets) s.destroy();
      }, 1000).unref();
      await closed;
    }
    await this.intake.stop();
  }
}

/** MSH-10 read without the parser, for the ACK of a message the service could not take. */
function controlIdOf(text: string): string {
  return text.startsWith('MSH') ? (text.split(/\r|\n/)[0].split('|')[9] ?? '') : '';
}
