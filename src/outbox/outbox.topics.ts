/** PostgreSQL channel that wakes the relay when a transaction with outbox rows commits. */
export const OUTBOX_WAKE_CHANNEL = 'siranap_outbox';

/** Advisory lock held by the one relay (of all replicas) that is publishing right now. */
export const OUTBOX_RELAY_LOCK = 0x5152_4e50; // "QRNP"
