/**
 * MLLP framing (HL7 v2 over TCP): each message is <VT> message <FS><CR>. Written by hand: the
 * framing is three bytes, and no maintained MLLP server on npm takes TLS and our own
 * acknowledgement timing. Pure: bytes in, messages out.
 */
export const VT = 0x0b;
export const FS = 0x1c;
export const CR = 0x0d;

export function frame(message: string): Buffer {
  return Buffer.concat([Buffer.from([VT]), Buffer.from(message, 'utf8'), Buffer.from([FS, CR])]);
}

export type Frame = { kind: 'message'; text: string } | { kind: 'oversize'; bytes: number } | { kind: 'stray'; bytes: number };

/** Splits a byte stream into frames; bytes outside a frame and frames over `maxBytes` are reported, not kept. */
export class MllpDecoder {
  private parts: Buffer[] = [];
  private size = 0;
  private inFrame = false;
  private stray = 0;
  private oversize = false;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): Frame[] {
    const out: Frame[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (!this.inFrame) {
        const start = chunk.indexOf(VT, i);
        const end = start === -1 ? chunk.length : start;
        // A CR or LF between frames is tolerated (some senders add one); anything else is stray.
        for (let k = i; k < end; k++) if (chunk[k] !== CR && chunk[k] !== 0x0a) this.stray++;
        if (start === -1) break;
        if (this.stray > 0) {
          out.push({ kind: 'stray', bytes: this.stray });
          this.stray = 0;
        }
        this.inFrame = true;
        i = start + 1;
        continue;
      }
      const endAt = chunk.indexOf(FS, i);
      const piece = chunk.subarray(i, endAt === -1 ? chunk.length : endAt);
      this.keep(piece);
      if (endAt === -1) break;
      out.push(this.oversize ? { kind: 'oversize', bytes: this.size } : { kind: 'message', text: Buffer.concat(this.parts).toString('utf8') });
      this.parts = [];
      this.size = 0;
      this.oversize = false;
      this.inFrame = false;
      i = endAt + 1;
      if (chunk[i] === CR) i++;
    }
    if (this.stray > this.maxBytes) {
      out.push({ kind: 'stray', bytes: this.stray });
      this.stray = 0;
    }
    return out;
  }

  private keep(piece: Buffer): void {
    this.size += piece.length;
    if (this.size > this.maxBytes) {
      this.oversize = true;
      this.parts = [];
      return;
    }
    if (!this.oversize) this.parts.push(Buffer.from(piece));
  }
}
