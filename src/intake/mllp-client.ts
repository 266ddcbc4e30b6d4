import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { frame, MllpDecoder } from './mllp';

/**
 * A small MLLP client (the hl7:send tool, the tests and the bench): sends messages on one
 * connection and resolves each with the ACK whose MSA-2 names its control id.
 */
export class MllpClient {
  private readonly decoder = new MllpDecoder(16 * 1024 * 1024);
  private readonly waiting = new Map<string, (ack: string) => void>();

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const f of this.decoder.push(chunk)) {
        if (f.kind !== 'message') continue;
        const msa = f.text.split('\r').find((s) => s.startsWith('MSA|'));
        const id = msa?.split('|')[2] ?? '';
        const resolve = this.waiting.get(id) ?? this.waiting.get('');
        if (resolve) {
          this.waiting.delete(this.waiting.has(id) ? id : '');
          resolve(f.text);
        }
      }
    });
  }

  static connect(port: number, host = '127.0.0.1', tls: { ca?: Buffer; rejectUnauthorized?: boolean } | null = null): Promise<MllpClient> {
    return new Promise((resolve, reject) => {
      const socket = tls
        ? connectTls({ port, host, ca: tls.ca, rejectUnauthorized: tls.rejectUnauthorized ?? true }, () => resolve(new MllpClient(socket)))
        : connectTcp({ port, host }, () => resolve(new MllpClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends one message; resolves with its ACK (an unreadable message is answered with an empty MSA-2). */
  send(message: string, timeoutMs = 30_000): Promise<string> {
    const text = message.replace(/\r\n|\n/g, '\r');
    const controlId = text.startsWith('MSH') ? (text.split('\r')[0].split('|')[9] ?? '') : '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(controlId);
        reject(new Error(`no ACK for ${controlId || 'the message'} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(controlId, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
      this.socket.write(frame(text));
    });
  }

  /** Raw bytes, for tests of the framing. */
  writeRaw(bytes: Buffer, expectAck: boolean, timeoutMs = 10_000): Promise<string | null> {
    if (!expectAck) {
      this.socket.write(bytes);
      return Promise.resolve(null);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no ACK')), timeoutMs);
      this.waiting.set('', (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
      this.socket.write(bytes);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.socket.end(() => resolve());
      this.socket.once('close', () => resolve());
    });
  }
}

/** Messages of a file: separated by blank lines, or each starting at an MSH line. */
export function splitMessages(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const messages: string[][] = [];
  for (const line of lines) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (line.startsWith('MSH') || messages.length === 0) messages.push([]);
    messages[messages.length - 1].push(line);
  }
  return messages.map((m) => m.join('\r'));
}

/** The MSA line of an ACK and its ERR text, for a person to read. */
export function describeAck(ack: string): string {
  const segs = ack.split('\r');
  const msa = segs.find((s) => s.startsWith('MSA|')) ?? '(no MSA)';
  const err = segs.find((s) => s.startsWith('ERR|'));
  return err ? `${msa}\n  ${err}` : msa;
}
