import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Sealed periods: at each month end (WITA) and at a year's close the service signs the chain's
 * head, the balances and the count of entries with its Ed25519 key. A printed head hash, or a
 * seal, can then be checked by anyone holding the public key: whoever rewrites the database
 * later cannot make the chain end in the same hash or forge the signature. Pure (node:crypto).
 */
export interface SealContent {
  fundId: string;
  /** `YYYY-MM` for a month, `FY-YYYY` for a year's close. */
  period: string;
  /** The last entry sealed (0 and the genesis hash for an empty journal). */
  headSeq: number;
  headHash: string;
  entryCount: number;
  available: bigint;
  held: bigint;
  paid: bigint;
  sealedAt: Date;
}

export function canonicalSeal(s: SealContent): string {
  return JSON.stringify([
    'si-ranap-seal-v1',
    s.fundId,
    s.period,
    s.headSeq,
    s.headHash,
    s.entryCount,
    s.available.toString(),
    s.held.toString(),
    s.paid.toString(),
    s.sealedAt.toISOString(),
  ]);
}

/** Base64 Ed25519 signature over the canonical seal. */
export function signSeal(s: SealContent, privateKey: KeyObject): string {
  return sign(null, Buffer.from(canonicalSeal(s), 'utf8'), privateKey).toString('base64');
}

export function verifySeal(s: SealContent, signature: string, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(canonicalSeal(s), 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

export function generateSigningKey(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** The private key from its PEM text; refuses anything but Ed25519. */
export function parseSigningKey(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the ledger signing key must be Ed25519, not ${key.asymmetricKeyType}`);
  return key;
}

/** A public key from PEM text or the bare base64 of its SPKI DER. */
export function parsePublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  const key = trimmed.startsWith('-----BEGIN')
    ? createPublicKey(trimmed)
    : createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the public key must be Ed25519, not ${key.asymmetricKeyType}`);
  return key;
}

export function publicKeyPem(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString();
}
