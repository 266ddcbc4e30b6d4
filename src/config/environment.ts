import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateBy, validateSync } from 'class-validator';

export const PROCESS_ROLES = ['api', 'worker', 'all'] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];

const toInt = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value);

const toNumber = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value.trim()) : value);

const BIGINT_MAX = 9223372036854775807n;

const toBigInt = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\d{1,19}$/.test(value.trim()) ? BigInt(value.trim()) : value);

/** Whole rupiah: a bigint from 1 to PostgreSQL's bigint maximum. */
const IsRupiah = (name: string) =>
  ValidateBy({
    name: 'isRupiah',
    validator: {
      validate: (value: unknown) => typeof value === 'bigint' && value >= 1n && value <= BIGINT_MAX,
      defaultMessage: () => `${name} must be whole rupiah, digits only, from 1 to ${BIGINT_MAX}`,
    },
  });

/**
 * Every environment variable the service reads. Validated once at boot: a missing or malformed
 * value stops the process with a message naming the variable.
 */
export class Environment {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsIn(PROCESS_ROLES)
  ROLE: ProcessRole = 'all';

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /** Bearer token and session lifetime; a few seconds only makes sense in tests. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 3600)
  TOKEN_TTL_SECONDS = 12 * 3600;

  @IsOptional()
  @Matches(/^[a-z0-9_.-]{3,64}$/, {
    message: 'ADMIN_USERNAME must be 3-64 characters of a-z, 0-9, ".", "_" or "-"',
  })
  ADMIN_USERNAME?: string;

  /** Its strength is auth's rule (adminPasswordProblem, the same as createUser's), checked at boot by main. */
  @IsOptional()
  @IsString()
  ADMIN_PASSWORD?: string;

  /** Where the embedded PostgreSQL keeps its data and where the generated secret is kept. */
  @IsString()
  DATA_DIR = '.data';

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  /**
   * Seed the demonstration hospital (invented wards, beds and patients) when it is missing.
   * Defaults to true, and to false when NODE_ENV=production: a real hospital never starts with
   * invented data.
   */
  @IsOptional()
  @IsIn(['true', 'false'])
  SEED_ON_START?: 'true' | 'false';

  /** Where the generated GraphQL schema is written outside production; empty keeps it in memory. */
  @IsString()
  GRAPHQL_SCHEMA_FILE = 'schema.gql';

  @IsIn(['debug', 'info', 'warn', 'error'])
  LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error' = 'info';

  /** Reverse-proxy hops to trust for the client's address (X-Forwarded-For); 0 behind none. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  TRUST_PROXY = 0;

  /** Largest accepted JSON request body. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10240)
  HTTP_BODY_LIMIT_KB = 100;

  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(100)
  GRAPHQL_MAX_DEPTH = 12;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  GRAPHQL_MAX_ALIASES = 30;

  /** Fields times list sizes (`first`, or 50 for a list that does not say). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(10_000_000)
  GRAPHQL_MAX_COST = 20000;

  /** Lexical tokens in one document: stops huge documents before they are parsed whole. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(1_000_000)
  GRAPHQL_MAX_TOKENS = 5000;

  /** The GraphQL explorer (GraphiQL, served by the service) on GET /graphql; off in production unless set to true. */
  @IsOptional()
  @IsIn(['true', 'false'])
  GRAPHQL_EXPLORER?: 'true' | 'false';

  /** Schema introspection; off in production unless set to true. */
  @IsOptional()
  @IsIn(['true', 'false'])
  GRAPHQL_INTROSPECTION?: 'true' | 'false';

  /** login attempts per client address per minute. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  RATE_LIMIT_LOGIN_PER_MINUTE = 20;

  /** HTTP GraphQL requests without a token per client address per minute. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_ANONYMOUS_PER_MINUTE = 600;

  /** FHIR API requests per client address per minute (the API is public). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_FHIR_PER_MINUTE = 300;

  /**
   * Bearer token a Prometheus scraper must send for /metrics. In production /metrics answers 404
   * without it; outside production /metrics is open unless it is set.
   */
  @IsOptional()
  @Matches(/^[\x21-\x7e]{32,256}$/, { message: 'METRICS_TOKEN must be 32-256 printable characters without spaces' })
  METRICS_TOKEN?: string;

  /**
   * The address clients reach this service at (scheme, host, optional port and path prefix),
   * used for the links FHIR answers carry instead of the request's Host header. Required in
   * production; outside production it defaults to http://localhost:PORT.
   */
  @IsOptional()
  @IsString()
  PUBLIC_BASE_URL?: string;

  /** The deployment's own hospital (its code), listed first on the public page; unset or unknown: the first created. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, { message: 'HOME_HOSPITAL_CODE must be a hospital code (1-32 letters, digits, ".", "_" or "-")' })
  HOME_HOSPITAL_CODE?: string;

  /** After SIGTERM, how long in-flight requests and jobs may take before the process exits anyway. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600000)
  SHUTDOWN_TIMEOUT_MS = 15000;

  /** Failed logins of one username from one client address before that address is locked out for that username. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILURES = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  LOGIN_LOCK_SECONDS = 300;

  /** Failed logins from one client address, whatever the usernames, within LOGIN_LOCK_SECONDS before the address is locked out. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  LOGIN_ADDRESS_MAX_FAILURES = 50;

  /** Key prefix of the BullMQ queues on Redis (tests use their own and remove it). */
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'QUEUE_PREFIX must be 1-64 characters of A-Z, a-z, 0-9, "_", "." or "-"' })
  QUEUE_PREFIX = 'siranap';

  /** PostgreSQL schema of the BullMQ tables when there is no REDIS_URL. */
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'QUEUE_PG_SCHEMA must be a lower-case PostgreSQL identifier' })
  QUEUE_PG_SCHEMA = 'bullmq';

  /**
   * Jobs a ledger worker processes at once. One is enough for a city's fund: a hold job posts a
   * batch of the fund's claims under the fund's lock, which a second job would only wait for.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  LEDGER_WORKER_CONCURRENCY = 1;

  /**
   * How long a submission's hold waits for others to share its job: the claims submitted in one
   * such window go to the queue as one job, so the queue's own work is paid once per window.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  LEDGER_HOLD_GATHER_MS = 5;

  /** How often a worker re-queues claims still REQUESTED (a lost enqueue, a job out of retries). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  LEDGER_SWEEP_SECONDS = 60;

  /** `npm run backup` keeps this many backups in DATA_DIR/backups (the oldest are removed). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  BACKUP_KEEP = 14;

  /** How long a request waits for the queue to take a job; past it the sweep queues the job later. */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60000)
  QUEUE_ADD_TIMEOUT_MS = 1000;

  /**
   * How long a ledger job stays locked to its worker without a renewal; a job of a worker that
   * died is taken over by another worker after about this long.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600000)
  LEDGER_JOB_LOCK_MS = 30000;

  /** fundBalanceChanged says lowBalance (and a warning is logged) when available falls under this share of the ceiling. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  LOW_BALANCE_PERCENT = 10;

  /** A HELD claim not verified within this many days (fractions allowed) is released by the worker. */
  @Transform(toNumber)
  @IsNumber({}, { message: 'CLAIM_HOLD_DAYS must be a number of days, such as 30 or 0.5' })
  @Min(0.00001)
  @Max(3660)
  CLAIM_HOLD_DAYS = 30;

  /** How long a reserved bed is held unless the reservation says otherwise (hours, fractions allowed); then the worker frees it. */
  @Transform(toNumber)
  @IsNumber({}, { message: 'RESERVATION_HOURS must be a number of hours, such as 6 or 0.5' })
  @Min(0.0001)
  @Max(72)
  RESERVATION_HOURS = 6;

  /** How often a worker frees the beds whose reservation ran out (at most a minute, so none stays held a minute past its end). */
  @Transform(toNumber)
  @IsNumber({}, { message: 'RESERVATION_SWEEP_SECONDS must be a number of seconds, such as 15 or 0.5' })
  @Min(0.1)
  @Max(60)
  RESERVATION_SWEEP_SECONDS = 15;

  /** A VERIFIED claim unpaid this many days after verification is flagged (not released). */
  @Transform(toNumber)
  @IsNumber({}, { message: 'CLAIM_PAYMENT_DAYS must be a number of days, such as 30 or 0.5' })
  @Min(0.00001)
  @Max(3660)
  CLAIM_PAYMENT_DAYS = 30;

  /** Claims for the same NIK or record number submitted within this many days of each other are flagged as possible doubles. */
  @Transform(toNumber)
  @IsNumber({}, { message: 'CLAIM_DUPLICATE_WINDOW_DAYS must be a number of days' })
  @Min(0)
  @Max(3660)
  CLAIM_DUPLICATE_WINDOW_DAYS = 30;

  /**
   * The Ed25519 private key (PKCS#8 PEM) the seals are signed with. Without it the service
   * generates one once into DATA_DIR/ledger-signing-key.pem; processes on several machines
   * must be given the same key.
   */
  @IsOptional()
  @Matches(/^-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----\s*$/, { message: 'LEDGER_SIGNING_KEY must be a PKCS#8 PEM private key (Ed25519)' })
  LEDGER_SIGNING_KEY?: string;

  /** Largest ceiling a fund may be opened with (whole rupiah). */
  @Transform(toBigInt)
  @IsRupiah('FUND_MAX_CEILING')
  FUND_MAX_CEILING: bigint = 100_000_000_000n;

  /** BPJS VClaim web service base URL, e.g. https://apijkn.bpjs-kesehatan.go.id/vclaim-rest; the check is off without it. */
  @IsOptional()
  @Matches(/^https?:\/\/.+[^/]$/, { message: 'BPJS_VCLAIM_URL must be an http(s) URL without a trailing slash' })
  BPJS_VCLAIM_URL?: string;

  @IsOptional()
  @IsString()
  BPJS_CONS_ID?: string;

  @IsOptional()
  @IsString()
  BPJS_SECRET_KEY?: string;

  @IsOptional()
  @IsString()
  BPJS_USER_KEY?: string;

  /** How long to wait for BPJS before refusing the claim as not checkable. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60000)
  BPJS_TIMEOUT_MS = 10000;

  /** Prefix of every pub/sub channel, so several installs can share one Redis. */
  @Matches(/^[A-Za-z0-9_.:-]{0,40}$/, { message: 'PUBSUB_PREFIX must be at most 40 characters of A-Z, a-z, 0-9, "_", ".", ":" or "-"' })
  PUBSUB_PREFIX = 'siranap:';

  /** How often the outbox relay retries when no commit woke it (broker outage, lost wake-up). */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60000)
  OUTBOX_SWEEP_MS = 1000;

  /**
   * Open live connections per client IP address without a login, for WebSocket and for
   * Server-Sent Events each. High, because a mobile carrier's NAT puts hundreds of phones behind one address.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  WS_MAX_CONNECTIONS_PER_IP = 1000;

  /** Open live connections without a login in one process, from all addresses together (each kind). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000000)
  WS_MAX_ANONYMOUS_CONNECTIONS = 10000;

  /** Subscriptions at a time on one WebSocket connection without a login. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  WS_MAX_SUBSCRIPTIONS_PER_CONNECTION = 10;

  /**
   * subscribe messages on one WebSocket connection (any client): a token bucket of this many,
   * refilled at WS_SUBSCRIBES_PER_MINUTE; a subscribe over it gets a RATE_LIMITED error.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  WS_SUBSCRIBE_BURST = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(600000)
  WS_SUBSCRIBES_PER_MINUTE = 60;

  /**
   * A WebSocket client that has left data waiting this long, without a break, is dropped
   * (each subscription also keeps at most one waiting message per ward and class or bed).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  WS_SLOW_CLIENT_SECONDS = 30;

  /** RS Online (Kemenkes) base URL, e.g. http://sirs.kemkes.go.id/fo/index.php; the bridge is off without it. */
  @IsOptional()
  @Matches(/^https?:\/\/.+[^/]$/, { message: 'RSONLINE_URL must be an http(s) URL without a trailing slash' })
  RSONLINE_URL?: string;

  /** The hospital's RS Online code, sent as X-rs-id. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9]{1,20}$/, { message: 'RSONLINE_RS_ID must be 1-20 letters or digits' })
  RSONLINE_RS_ID?: string;

  /** The hospital's RS Online password, sent as X-pass (see RSONLINE_PASS_MODE). */
  @IsOptional()
  @IsString()
  RSONLINE_PASSWORD?: string;

  /** Whether X-pass carries the MD5 of the password (md5) or the password itself (plain). */
  @IsIn(['md5', 'plain'])
  RSONLINE_PASS_MODE: 'md5' | 'plain' = 'md5';

  /** Which of this service's hospitals is reported (by code). */
  @IsString()
  @MinLength(1)
  RSONLINE_HOSPITAL = 'RSUD-SKLERIK';

  /** Full report every this many seconds, besides the report soon after each change. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(86400)
  RSONLINE_INTERVAL_SECONDS = 900;

  /** A change is reported at most this long after it; the changes within the window go in one report. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(600000)
  RSONLINE_DEBOUNCE_MS = 5000;

  /** A request to RS Online that takes longer fails (and is retried). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120000)
  RSONLINE_TIMEOUT_MS = 10000;

  /** Tries per report before it is given up until the next change or schedule. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  RSONLINE_ATTEMPTS = 5;

  /** Wait before the first retry; it doubles with each further retry. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(600000)
  RSONLINE_BACKOFF_MS = 2000;

  /** Port of the HL7 v2 MLLP listener (ROLE worker or all); the listener is off when unset. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  HL7_MLLP_PORT?: number;

  /** Address the MLLP listener binds to. */
  @IsString()
  HL7_MLLP_HOST = '0.0.0.0';

  /** PEM certificate and key files: with both set the listener speaks MLLP over TLS. */
  @IsOptional()
  @IsString()
  HL7_TLS_CERT_FILE?: string;

  @IsOptional()
  @IsString()
  HL7_TLS_KEY_FILE?: string;

  /** PEM CA file: when set, senders must present a client certificate it signed. */
  @IsOptional()
  @IsString()
  HL7_TLS_CA_FILE?: string;

  /** Username of the interface's own user, the actor of every change the intake makes. */
  @Matches(/^[a-z0-9][a-z0-9._-]{2,63}$/, { message: 'HL7_INTERFACE_USER must be 3-64 characters of a-z, 0-9, ".", "_" or "-"' })
  HL7_INTERFACE_USER = 'hl7-interface';

  /** How long a message waits after receipt so one sent earlier but arriving later goes first (0: none). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600000)
  HL7_REORDER_MS = 0;

  /** How long the ACK waits for the outcome; a message still held by then is acknowledged CA. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60000)
  HL7_ACK_WAIT_MS = 5000;

  /** Wait between tries of a held message. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3600000)
  HL7_RETRY_MS = 5000;

  /** A message held this long after its receipt is refused with the reason it was held. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(7 * 24 * 3600 * 1000)
  HL7_HOLD_MAX_MS = 15 * 60 * 1000;

  /** Largest MLLP frame taken; a larger one is refused (AR) and dropped. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(64 * 1024 * 1024)
  HL7_MAX_MESSAGE_BYTES = 1024 * 1024;

  /** UTC offset of HL7 times sent without one (Kupang is WITA, +0800). */
  @Matches(/^[+-]\d{4}$/, { message: 'HL7_DEFAULT_UTC_OFFSET must look like +0800' })
  HL7_DEFAULT_UTC_OFFSET = '+0800';
}

/** The normalised base URL (no trailing slash), or null when it is not an http(s) URL without query or fragment. */
export function publicBaseUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search || url.hash || url.username || url.password || value.includes('#')) return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export class EnvironmentError extends Error {}

export function loadEnvironment(source: NodeJS.ProcessEnv = process.env): Environment {
  const raw: Record<string, string> = {};
  // Class fields are defined even when optional (ES2022 class fields), so this lists them all.
  for (const key of Object.keys(new Environment())) {
    const value = source[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const env = plainToInstance(Environment, raw);
  const errors = validateSync(env, { whitelist: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}).map((msg) => `${e.property}: ${msg}`));
  if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
    problems.push('JWT_SECRET: required when NODE_ENV=production (at least 32 characters)');
  }
  // One process may keep a generated key in its DATA_DIR; split api and worker processes would
  // each make their own, and seals signed by one would not verify with the key another publishes.
  if (env.NODE_ENV === 'production' && env.ROLE !== 'all' && !env.LEDGER_SIGNING_KEY) {
    problems.push(
      `LEDGER_SIGNING_KEY: required when NODE_ENV=production and ROLE=${env.ROLE}: every api and worker process must sign seals and publish /ledger/public-key with the same Ed25519 key (make one with: npm run -s ledger:keygen)`,
    );
  }
  if (env.PUBLIC_BASE_URL !== undefined) {
    const base = publicBaseUrl(env.PUBLIC_BASE_URL);
    if (base === null) problems.push('PUBLIC_BASE_URL: must be an http(s) URL with no query or fragment, such as https://siranap.example.go.id');
    else env.PUBLIC_BASE_URL = base;
  } else if (env.NODE_ENV === 'production') {
    problems.push('PUBLIC_BASE_URL: required when NODE_ENV=production (the https:// address clients reach the service at)');
  } else {
    env.PUBLIC_BASE_URL = `http://localhost:${env.PORT}`;
  }
  env.SEED_ON_START ??= env.NODE_ENV === 'production' ? 'false' : 'true';
  if (Boolean(env.ADMIN_USERNAME) !== Boolean(env.ADMIN_PASSWORD)) {
    problems.push('ADMIN_USERNAME and ADMIN_PASSWORD must be set together');
  }
  const bpjs = [env.BPJS_VCLAIM_URL, env.BPJS_CONS_ID, env.BPJS_SECRET_KEY, env.BPJS_USER_KEY];
  if (bpjs.some(Boolean) && !bpjs.every(Boolean)) {
    problems.push('BPJS_VCLAIM_URL, BPJS_CONS_ID, BPJS_SECRET_KEY and BPJS_USER_KEY must be set together (or none, to leave the BPJS check off)');
  }
  const rsOnline = [env.RSONLINE_URL, env.RSONLINE_RS_ID, env.RSONLINE_PASSWORD];
  if (rsOnline.some(Boolean) && !rsOnline.every(Boolean)) {
    problems.push('RSONLINE_URL, RSONLINE_RS_ID and RSONLINE_PASSWORD must be set together (or none, to leave the RS Online bridge off)');
  }
  if (Boolean(env.HL7_TLS_CERT_FILE) !== Boolean(env.HL7_TLS_KEY_FILE)) {
    problems.push('HL7_TLS_CERT_FILE and HL7_TLS_KEY_FILE must be set together (or none, for MLLP without TLS)');
  }
  if (problems.length > 0) {
    throw new EnvironmentError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return env;
}
