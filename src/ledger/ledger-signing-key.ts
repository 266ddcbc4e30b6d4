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
    const { key, generated, file } = keyFileIn(this.config.env.DATA_DIR);
    if (generated && this.config.isProduction) {
      this.log.warn({ msg: 'generated a ledger signing key: keep this file with the backups, or set LEDGER_SIGNING_KEY (npm run -s ledger:keygen)', file });
    }
    return key;
  }
}

/**
 * The key kept in DATA_DIR/ledger-signing-key.pem, made there on first use. Processes sharing
 * one DATA_DIR (`npm run cluster`) get one key: of two creating it at once only one writes.
 */
export function keyFileIn(dataDir: string): { key: string; generated: boolean; file: string } {
  const file = resolve(dataDir, 'ledger-signing-key.pem');
  try {
    return { key: readFileSync(file, 'utf8'), generated: false, file };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(resolve(dataDir), { recursive: true });
  let generated = false;
  try {
    writeFileSync(file, generateSigningKey(), { mode: 0o600, flag: 'wx' });
    generated = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return { key: readFileSync(file, 'utf8'), generated, file };
}
