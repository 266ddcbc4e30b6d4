import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  createSourceEventStream,
  getOperationAST,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLError,
  type GraphQLSchema,
} from 'graphql';
import type { Context, OperationResult, ServerOptions, SubscribePayload } from 'graphql-ws';
import type { Server } from 'node:http';
import type { WebSocket } from 'ws';
import { AuthService } from '../auth/auth.service';
import type { Principal } from '../auth/principal';
import { SessionService, type Revocation } from '../auth/sessions';
import { AppError, badInput, unauthenticated } from '../common/error-codes';
import type { GraphQLContext } from '../auth/graphql-context';
import { formatGraphQLError } from '../common/graphql-errors';
import { validateWithLimits } from '../limits/graphql-limits';
import { TokenBucket } from '../limits/rate-limiter';
import { AppConfig } from '../config/app-config';
import { clientAddress, ConnectionsPerIp, slowClientCheck } from '../limits/ws-limits';
import { WS_INBOUND_BYTES_PER_WINDOW } from '../limits/ws-inbound';
import { MetricsService } from '../health/metrics.service';
import { DocumentCache, validatedOnce } from './document-cache';
import { CoalescingIterator } from './coalescing-queue';
import { serveGraphqlWs, type GraphqlWsServer } from './graphql-ws-server';
import { FrameStream, SharedExecution, sharingKey, type FrameSink } from './shared-frames';

/**
 * A connection: its socket, what it keeps of its upgrade request (the caller's address; the
 * request itself, with its headers, is let go) and its state once connection_init was accepted.
 */
interface WsExtra {
  socket: WebSocket;
  address: string;
  state: ConnectionState | null;
}
type ConnectionParams = Record<string, unknown> | undefined;
type WsContext = Context<ConnectionParams, WsExtra>;

interface ConnectionState {
  principal: Principal | null;
  authError: string | null;
  /** Set when the connection counts against its address's anonymous limit. */
  anonymousIp: string | null;
  /** subscribe messages this connection may still send now. */
  subscribes: TokenBucket;
  /** The Authorization given at connect, checked again at each subscribe. */
  authorization: string | null;
  /** Closes the connection when its token expires. */
  expiry: NodeJS.Timeout | null;
  sessionId: string | null;
  /** Where its subscriptions' frames go: one writer per connection, not per subscription. */
  frames: SocketFrames;
}

/** Writes frames to one socket. */
class SocketFrames implements FrameSink {
  constructor(private readonly socket: WebSocket) {}

  write(frame: string): Promise<void> | void {
    const { socket } = this;
    if (socket.readyState !== socket.OPEN) return;
    // ws calls back after send has returned, never during it.
    let taken: ((err?: Error) => void) | undefined;
    socket.send(frame, (err) => taken?.(err));
    // Nothing buffered: the kernel took the frame during send, so the next one may follow
    // without a promise per subscriber. A failed write closes the socket, which ends the stream.
    if (socket.bufferedAmount === 0) return;
    return new Promise<void>((resolve, reject) => (taken = (err) => (err ? reject(err) : resolve())));
  }
}

const SWEEP_MS = 1000;
/** 1013 "try again later": graphql-ws clients reconnect and get the current state afresh. */
const SLOW_CLIENT_CLOSE = 1013;
/** graphql-ws's Unauthorized: the token expired or its session ended; clients do not retry it. */
export const SESSION_ENDED_CLOSE = 4401;
/** How often open sessions of connected sockets are checked again, in case a revocation was missed. */
const SESSION_RECHECK_MS = 5000;
/** Distinct subscription documents kept parsed, and the longest text kept. */
const CACHED_DOCUMENTS = 500;
const CACHED_DOCUMENT_LENGTH = 8192;
/** setTimeout's limit (about 24.8 days); a longer expiry is re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> => typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

/**
 * GraphQL over WebSocket (graphql-ws on /graphql): who is connected, the same context shape
 * as HTTP (so the AuthGuard and @Public/@Roles apply unchanged), and the limits for anonymous
 * watchers: connections per address, subscriptions per connection. Any client that leaves
 * data waiting too long is dropped.
 */
@Injectable()
export class LiveConnections implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LiveConnections.name);
  /** Anonymous WebSocket connections. */
  readonly anonymous: ConnectionsPerIp;
  /**
   * Anonymous event streams, counted apart with the same caps: the stream is the fallback of a
   * page whose WebSocket was refused, so the sockets must not have used up its places.
   */
  readonly anonymousStreams: ConnectionsPerIp;
  /** Open Server-Sent Event streams, ended at shutdown like the sockets. */
  private readonly streams = new Set<() => void>();
  private readonly waiting = new Map<WebSocket, number | null>();
  private readonly formatError: ReturnType<typeof formatGraphQLError>;
  private sweep: NodeJS.Timeout | null = null;
  /** Logged-in connections by session, to close them when it ends. */
  private readonly bySession = new Map<string, Set<WsExtra>>();
  private recheck: NodeJS.Timeout | null = null;
  private server: GraphqlWsServer | null = null;
  private stopRevocations: (() => void) | null = null;
  /** One execution and serialisation per change and distinct subscription, shared by its subscribers. */
  readonly shared: SharedExecution;
  /** One parsed and validated tree per distinct document text, shared by its subscriptions. */
  private readonly documents: DocumentCache;
  private readonly validate: (schema: GraphQLSchema, document: DocumentNode) => readonly GraphQLError[];

  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    private readonly httpAdapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
  ) {
    this.anonymous = new ConnectionsPerIp(config.env.WS_MAX_CONNECTIONS_PER_IP, config.env.WS_MAX_ANONYMOUS_CONNECTIONS);
    this.anonymousStreams = new ConnectionsPerIp(config.env.WS_MAX_CONNECTIONS_PER_IP, config.env.WS_MAX_ANONYMOUS_CONNECTIONS);
    this.formatError = formatGraphQLError(config.isProduction, (e) => this.logger.error(e));
    this.shared = new SharedExecution((result) => this.onNext(result) ?? result);
    this.documents = new DocumentCache(CACHED_DOCUMENTS, CACHED_DOCUMENT_LENGTH, config.env.GRAPHQL_MAX_TOKENS);
    this.validate = validatedOnce(
      validateWithLimits({ maxDepth: config.env.GRAPHQL_MAX_DEPTH, maxAliases: config.env.GRAPHQL_MAX_ALIASES, maxCost: config.env.GRAPHQL_MAX_COST }),
    );
  }

  onModuleInit(): void {
    this.metrics.registerGauge(
      'siranap_live_executions',
      'Subscription executions since start: one per change and distinct document, variables and viewer; their subscribers share the frame.',
      [],
      () => Promise.resolve([{ value: this.shared.executions }]),
    );
    this.stopRevocations = this.sessions.onRevoked((revocation) => (revocation ? this.revoked(revocation) : void this.recheckSessions()));
  }

  /** Serves graphql-ws on /graphql of the HTTP server, once GraphQLModule has built the schema. */
  onApplicationBootstrap(): void {
    const { schema } = this.moduleRef.get(GraphQLSchemaHost, { strict: false });
    const { env, isProduction } = this.config;
    this.server = serveGraphqlWs(
      this.httpAdapterHost.httpAdapter.getHttpServer() as Server,
      '/graphql',
      this.serverOptions(schema),
      (socket, request) => ({ socket, address: clientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], env.TRUST_PROXY), state: null }),
      {
        isProd: isProduction,
        // A subscribe or a token is a few KiB; the inbound limit allows no more per window anyway.
        maxMessageBytes: WS_INBOUND_BYTES_PER_WINDOW,
        sharedText: (query) => this.documents.sharedText(query),
        log: { error: (msg, err) => this.logger.error({ msg, err: String(err) }), warn: (msg) => this.logger.warn(msg) },
      },
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.server?.dispose();
    this.server = null;
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = null;
    if (this.recheck) clearInterval(this.recheck);
    this.recheck = null;
    this.stopRevocations?.();
  }

  private context(ctx: WsContext): GraphQLContext {
    const state = ctx.extra.state;
    return { principal: state?.principal ?? null, authError: state?.authError ?? null };
  }

  /** graphql-ws's options: the schema as HTTP serves it, with the hooks below. */
  private serverOptions(schema: GraphQLSchema): ServerOptions<ConnectionParams, WsExtra> {
    return {
      schema,
      onConnect: (ctx) => this.onConnect(ctx),
      onSubscribe: (ctx, _id, payload) => this.onSubscribe(schema, ctx, payload),
      // Each subscriber gets its own source of events (its resolver ran: guards, arguments,
      // filter); the selection set is executed per event in onOperation, once for all alike.
      subscribe: (args) => createSourceEventStream(args) as OperationResult,
      onOperation: (ctx, id, payload, args, result) => this.onOperation(ctx, id, payload, args, result),
      onNext: (_ctx, _id, _payload, _args, result) => this.onNext(result),
      onClose: (ctx) => this.onClose(ctx),
    };
  }

  private async onConnect(ctx: WsContext): Promise<boolean> {
    const header = ctx.connectionParams?.authorization;
    const authorization = typeof header === 'string' ? header : null;
    const { principal, error, expiresAt } = await this.auth.principalFromAuthorization(authorization);
    const { WS_SUBSCRIBE_BURST, WS_SUBSCRIBES_PER_MINUTE } = this.config.env;
    const state: ConnectionState = {
      principal,
      authError: error,
      anonymousIp: null,
      subscribes: new TokenBucket(WS_SUBSCRIBE_BURST, WS_SUBSCRIBES_PER_MINUTE),
      authorization,
      expiry: null,
      sessionId: null,
      frames: new SocketFrames(ctx.extra.socket),
    };
    if (principal?.sessionId && expiresAt) {
      this.track(ctx.extra, principal.sessionId, expiresAt, state);
    } else if (!principal) {
      const ip = ctx.extra.address;
      // Refused with graphql-ws's 4403 Forbidden: the protocol has no error message before the ack.
      if (!this.anonymous.acquire(ip)) return false;
      state.anonymousIp = ip;
    }
    ctx.extra.state = state;
    this.watch(ctx.extra.socket);
    return true;
  }

  /**
   * Checks a subscribe and returns its execution arguments (or its errors). graphql-ws would
   * parse, validate and build them itself; made here they are one object of one shape for every
   * subscription, where graphql-ws's spread gave each its own hidden class (a few hundred bytes
   * per subscriber).
   */
  private async onSubscribe(schema: GraphQLSchema, ctx: WsContext, payload: SubscribePayload): Promise<readonly GraphQLError[] | ExecutionArgs> {
    const state = ctx.extra.state;
    // Checked first, before any parsing: a refused subscribe gets an error message for its id
    // and the connection stays open (its other subscriptions go on).
    const wait = state?.subscribes.take() ?? 0;
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      return [new AppError('RATE_LIMITED', `Too many subscribe messages on this connection; try again in ${seconds} s.`, { retryAfterSeconds: seconds })];
    }
    // Queries and mutations go over HTTP, where the rate, depth and cost limits apply.
    let document: DocumentNode;
    try {
      document = this.documents.parse(payload.query);
    } catch (err) {
      return [badInput(`The operation could not be read: ${err instanceof Error ? err.message : String(err)}`)];
    }
    if (getOperationAST(document, payload.operationName)?.operation !== 'subscription') {
      return [badInput('Over WebSocket only subscriptions are served; send queries and mutations with HTTP POST /graphql.')];
    }
    if (state?.principal) {
      // Authorised by the session's current user: new roles or wards, an ended session or an
      // expired token apply to every new subscription.
      const now = await this.auth.principalFromAuthorization(state.authorization);
      if (!now.principal) {
        // After the error message has gone out.
        setTimeout(() => this.close(ctx.extra, SESSION_ENDED_CLOSE, 'Session ended or token expired: log in again'), 50).unref();
        return [unauthenticated(now.error ?? 'Log in again.')];
      }
      state.principal = now.principal;
    }
    const max = this.config.env.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION;
    // graphql-ws has already registered this one, so the count includes it.
    if (!state?.principal && Object.keys(ctx.subscriptions).length > max) {
      return [new AppError('FORBIDDEN', `At most ${max} subscriptions at a time on one connection without a login; complete one first.`)];
    }
    // The same depth, alias and cost limits as over HTTP, once per document.
    const errors = this.validate(schema, document);
    if (errors.length > 0) return errors;
    return {
      schema,
      document,
      operationName: payload.operationName,
      variableValues: payload.variables,
      rootValue: undefined,
      contextValue: this.context(ctx),
    };
  }

  /** Replaces a stream of events with one that writes their shared frames to the socket itself. */
  private onOperation(ctx: WsContext, id: string, payload: SubscribePayload, args: ExecutionArgs, result: OperationResult): FrameStream | void {
    if (!isAsyncIterable(result)) return;
    // Every subscription resolver returns a LiveFeed's stream, which FrameStream reads without a promise per wait.
    if (!(result instanceof CoalescingIterator)) throw new Error(`The subscription ${payload.operationName ?? ''} did not return a live feed's stream`);
    const state = ctx.extra.state;
    const principal = state?.principal;
    const key = this.shared.keys.intern(sharingKey(payload.query, payload.operationName, payload.variables, principal ? `user:${principal.id}` : ''));
    return new FrameStream(result, FrameStream.prefixFor(id), key, args, this.shared, state?.frames ?? new SocketFrames(ctx.extra.socket));
  }

  /** Errors get the same codes and the same hiding of internals as over HTTP. */
  private onNext(result: ExecutionResult): FormattedExecutionResult | void {
    if (!result.errors) return;
    return { ...result, errors: result.errors.map((e) => this.formatError(e.toJSON(), e)) };
  }

  private onClose(ctx: WsContext): void {
    const state = ctx.extra.state;
    if (state?.anonymousIp) this.anonymous.release(state.anonymousIp);
    if (state?.expiry) clearTimeout(state.expiry);
    const sessionId = state?.sessionId;
    if (sessionId) {
      const set = this.bySession.get(sessionId);
      set?.delete(ctx.extra);
      if (set?.size === 0) this.bySession.delete(sessionId);
    }
    ctx.extra.state = null;
    this.waiting.delete(ctx.extra.socket);
  }

  /** Remembers a logged-in connection under its session and closes it when the token expires. */
  private track(extra: WsExtra, sessionId: string, expiresAt: Date, state: ConnectionState): void {
    let set = this.bySession.get(sessionId);
    if (!set) this.bySession.set(sessionId, (set = new Set()));
    set.add(extra);
    state.sessionId = sessionId;
    const arm = () => {
      const left = expiresAt.getTime() - Date.now();
      if (left <= 0) return this.close(extra, SESSION_ENDED_CLOSE, 'Token expired: log in again');
      state.expiry = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
      state.expiry.unref();
    };
    arm();
    this.recheck ??= setInterval(() => void this.recheckSessions(), SESSION_RECHECK_MS);
    this.recheck.unref();
  }

  private revoked(revocation: Revocation): void {
    for (const sessionId of revocation.sessionIds) {
      for (const extra of this.bySession.get(sessionId) ?? []) this.close(extra, SESSION_ENDED_CLOSE, 'Session ended: log in again');
    }
  }

  /** Closes the connections whose session is no longer usable (a revocation this process missed). */
  private async recheckSessions(): Promise<void> {
    const ids = [...this.bySession.keys()];
    if (ids.length === 0) {
      if (this.recheck) clearInterval(this.recheck);
      this.recheck = null;
      return;
    }
    let open: Set<string>;
    try {
      open = await this.sessions.stillOpen(ids);
    } catch (err) {
      this.logger.warn({ msg: 'could not re-check WebSocket sessions', err: String(err) });
      return;
    }
    for (const id of ids) {
      if (open.has(id)) continue;
      for (const extra of this.bySession.get(id) ?? []) this.close(extra, SESSION_ENDED_CLOSE, 'Session ended: log in again');
    }
  }

  private close(extra: WsExtra, code: number, reason: string): void {
    const state = extra.state;
    if (state) {
      // Whatever comes before the close completes is refused.
      state.principal = null;
      state.authError = reason;
    }
    extra.socket.close(code, reason);
    setTimeout(() => extra.socket.terminate(), 2000).unref();
  }

  /**
   * Shutdown: closes every WebSocket with 1001 (going away), so clients reconnect to another
   * replica at once and the HTTP server can finish closing; stragglers are cut after a moment.
   */
  closeAll(): void {
    for (const end of this.streams) end();
    this.streams.clear();
    for (const socket of this.waiting.keys()) {
      socket.close(1001, 'Server shutting down: reconnect');
      setTimeout(() => socket.terminate(), 2000).unref();
    }
  }

  /** Registers an open event stream to end at shutdown; returns its removal. */
  trackStream(end: () => void): () => void {
    this.streams.add(end);
    return () => this.streams.delete(end);
  }

  private watch(socket: WebSocket): void {
    this.waiting.set(socket, null);
    this.sweep ??= setInterval(() => this.dropSlowClients(), SWEEP_MS);
  }

  private dropSlowClients(): void {
    const now = Date.now();
    const limitMs = this.config.env.WS_SLOW_CLIENT_SECONDS * 1000;
    for (const [socket, since] of this.waiting) {
      const check = slowClientCheck(socket.bufferedAmount, since, now, limitMs);
      this.waiting.set(socket, check.waitingSince);
      if (!check.drop) continue;
      this.waiting.delete(socket);
      this.logger.warn({ msg: 'dropped a slow WebSocket client', bufferedBytes: socket.bufferedAmount });
      socket.close(SLOW_CLIENT_CLOSE, 'Too slow: reconnect for the current state');
      // A client too slow to read is often too slow to finish the closing handshake.
      setTimeout(() => socket.terminate(), 2000).unref();
    }
    if (this.waiting.size === 0 && this.sweep) {
      clearInterval(this.sweep);
      this.sweep = null;
    }
  }
}
