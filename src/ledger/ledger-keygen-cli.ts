import { generateSigningKey } from './seal';

/**
 * `npm run -s ledger:keygen`: prints a new Ed25519 private key (PKCS#8 PEM) for
 * LEDGER_SIGNING_KEY. Give every api and worker process the same one and keep it like the token
 * secret: whoever holds it can sign seals.
 */
process.stdout.write(generateSigningKey());
