/** A backup or restore refused or failed for a reason the operator can act on; the CLI prints its message. */
export class BackupError extends Error {}
