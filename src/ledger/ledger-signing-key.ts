import { Injectable, Logger } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppConfig } from '../config/app-config';
import { generateSigningKey, parseSigningKey, publicKeyPem } from './seal';

/**
 * The service's Ed25519 key for seals, kept like the token secret: LEDGER_SIGNING_KEY when set,
 * else generated once into DATA_DIR/ledger-signing-key.pem (mode 0600) and read from there on
 * every later start. Read on first use.
 */
@Injectable()
export class LedgerSigningKey {
  private readonly log = new Logger(LedgerSigningKey.name);
  private key: KeyObject | undefined;

  constructor(private readonly config: AppConfig) {}

  get privateKey(): KeyObject {
    this.key ??= parseSigningKey(this.config.env.LEDGER_SIGNING_KEY ?? this.localKey());
    return this.key;
  }

  get publicKeyPem(): string {
    return publicKeyPem(this.privateKey);
  }

  private localKey(): string {
    const file = resolve(this.config.env.DATA_DIR, 'ledger-signing-key.pem');
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    mkdirSync(resolve(this.config.env.DATA_DIR), { recursive: true });
    try {
      // 'wx': of two processes on one DATA_DIR only one writes; the other reads its key.
      writeFileSync(file, generateSigningKey(), { mode: 0o600, flag: 'wx' });
      if (this.config.isProduction) this.log.warn({ msg: 'generated a ledger signing key; give every process the same LEDGER_SIGNING_KEY', file });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    return readFileSync(file, 'utf8');
  }
}
