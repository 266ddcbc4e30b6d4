import type { LoggerService, LogLevel } from '@nestjs/common';
import { currentRequestId } from './request-context';

const LEVELS: Record<string, number> = { debug: 10, verbose: 10, info: 20, log: 20, warn: 30, error: 40, fatal: 50 };

/** One JSON object per line on stdout: machine-readable, greppable, no multi-line entries. */
export class JsonLogger implements LoggerService {
  private readonly threshold: number;

  constructor(level: 'debug' | 'info' | 'warn' | 'error' = 'info') {
    this.threshold = LEVELS[level];
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }
  setLogLevels?(_levels: LogLevel[]): void {}

  private write(level: string, message: unknown, rest: unknown[]): void {
    if (LEVELS[level] < this.threshold) return;
    // Nest passes the context (class name) last; an error's stack comes before it.
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level };
    if (context) entry.context = context;
    const requestId = currentRequestId();
    if (requestId) entry.requestId = requestId;
    if (message instanceof Error) {
      entry.msg = message.message;
      entry.stack = message.stack;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(entry, message);
    } else {
      entry.msg = String(message);
    }
    if (rest.length > 0 && typeof rest[0] === 'string' && level === 'error') entry.stack = rest[0];
    process.stdout.write(JSON.stringify(entry) + '\n');
  }
}
