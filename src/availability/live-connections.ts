import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { GraphQLWsSubscriptionsConfig } from '@nestjs/graphql';
import { getOperationAST, parse, type DocumentNode, type ExecutionResult, type FormattedExecutionResult, type GraphQLError } from 'graphql';
import type { Context, ServerOptions, SubscribePayload } from 'graphql-ws';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { AuthService } from '../auth/auth.service';
import type { Principal } from '../auth/principal';
import { AppError, badInput } from '../common/error-codes';
import type { GraphQLContext } from '../common/graphql-context';
import { formatGraphQLError } from '../common/graphql-errors';
import { validateWithLimits } from '../common/graphql-limits';
import { TokenBucket } from '../common/rate-limiter';
import { AppConfig } from '../config/app-config';
import { clientAddress, ConnectionsPerIp, slowClientCheck } from './ws-limits';

interface WsExtra {
  socket: WebSocket;
  request: IncomingMessage;
}
export type WsContext = Context<Record<string, unknown> | undefined, WsExtra>;
/** How Nest types the hooks' context; graphql-ws/use/ws fills `extra` with the socket and request. */
type HookContext = Context<Record<string, unknown> | undefined, unknown>;
const ws = (ctx: HookContext): WsContext => ctx as WsContext;

interface ConnectionState {
  principal: Principal | null;
  authError: string | null;
  /** Set when the connection counts against its address's anonymous limit. */
  anonymousIp: string | null;
  /** subscribe messages this connection may still send now. */
  subscribes: TokenBucket;
}

const SWEEP_MS = 1000;
/** 1013 "try again later": graphql-ws clients reconnect and get the current state afresh. */
const SLOW_CLIENT_CLOSE = 1013;

export const isWsContext = (value: unknown): value is WsContext =>
  typeof value === 'object' && value !== null && 'extra' in value && 'subscriptions' in value;

/**
 * GraphQL over WebSocket (graphql-ws on /graphql): who is connected, the same context shape
 * as HTTP (so the AuthGuard and @Public/@Roles apply unchanged), and the limits for anonymous
 * watchers: connections per address, subscriptions per connection. Any client that leaves
 * data waiting too long is dropped.
 */
@Injectable()
export class LiveConnections implements OnModuleDestroy {
  private readonly logger = new Logger(LiveConnections.name);
  private readonly connections = new WeakMap<WsExtra, ConnectionState>();
  private readonly perIp: ConnectionsPerIp;
  private readonly waiting = new Map<WebSocket, number | null>();
  private readonly formatError: ReturnType<typeof formatGraphQLError>;
  private sweep: NodeJS.Timeout | null = null;

  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {
    this.perIp = new ConnectionsPerIp(config.env.WS_MAX_CONNECTIONS_PER_IP);
    this.formatError = formatGraphQLError(config.isProduction, (e) => this.logger.error(e));
  }

  onModuleDestroy(): void {
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = null;
  }

  context(ctx: WsContext): GraphQLContext {
    const state = this.connections.get(ctx.extra);
    return { principal: state?.principal ?? null, authError: state?.authError ?? null };
  }

  /**
   * The graphql-ws hooks, for GraphQLModule's `subscriptions['graphql-ws']`. Nest passes every
   * option on to graphql-ws's server, `validate` included, though its type lists only the hooks.
   */
  serverOptions(): GraphQLWsSubscriptionsConfig & Pick<ServerOptions, 'validate'> {
    return {
      path: '/graphql',
      // The same depth, alias and cost limits as over HTTP (graphql-ws validates by itself).
      validate: validateWithLimits({
        maxDepth: this.config.env.GRAPHQL_MAX_DEPTH,
        maxAliases: this.config.env.GRAPHQL_MAX_ALIASES,
        maxCost: this.config.env.GRAPHQL_MAX_COST,
      }),
      onConnect: (ctx: HookContext) => this.onConnect(ws(ctx)),
      onSubscribe: (ctx: HookContext, _id: string, payload: SubscribePayload) => this.onSubscribe(ws(ctx), payload),
      onNext: (_ctx: HookContext, _id: string, _payload: unknown, _args: unknown, result: ExecutionResult) => this.onNext(result),
      onClose: (ctx: HookContext) => this.onClose(ws(ctx)),
    };
  }

  private onConnect(ctx: WsContext): boolean {
    const header = ctx.connectionParams?.authorization;
    const { principal, error } = this.auth.principalFromAuthorization(typeof header === 'string' ? header : null);
    const { WS_SUBSCRIBE_BURST, WS_SUBSCRIBES_PER_MINUTE } = this.config.env;
    const state: ConnectionState = { principal, authError: error, anonymousIp: null, subscribes: new TokenBucket(WS_SUBSCRIBE_BURST, WS_SUBSCRIBES_PER_MINUTE) };
    if (!principal) {
      const { request } = ctx.extra;
      const ip = clientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], this.config.env.TRUST_PROXY);
      // Refused with graphql-ws's 4403 Forbidden: the protocol has no error message before the ack.
      if (!this.perIp.acquire(ip)) return false;
      state.anonymousIp = ip;
    }
    this.connections.set(ctx.extra, state);
    this.watch(ctx.extra.socket);
    return true;
  }

  private onSubscribe(ctx: WsContext, payload: SubscribePayload): readonly GraphQLError[] | void {
    const state = this.connections.get(ctx.extra);
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
      document = parse(payload.query, { maxTokens: this.config.env.GRAPHQL_MAX_TOKENS });
    } catch (err) {
      return [badInput(`The operation could not be read: ${err instanceof Error ? err.message : String(err)}`)];
    }
    if (getOperationAST(document, payload.operationName)?.operation !== 'subscription') {
      return [badInput('Over WebSocket only subscriptions are served; send queries and mutations with HTTP POST /graphql.')];
    }
    const max = this.config.env.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION;
    // graphql-ws has already registered this one, so the count includes it.
    if (!state?.principal && Object.keys(ctx.subscriptions).length > max) {
      return [new AppError('FORBIDDEN', `At most ${max} subscriptions at a time on one connection without a login; complete one first.`)];
    }
  }

  /** Errors get the same codes and the same hiding of internals as over HTTP. */
  private onNext(result: ExecutionResult): FormattedExecutionResult | void {
    if (!result.errors) return;
    return { ...result, errors: result.errors.map((e) => this.formatError(e.toJSON(), e)) };
  }

  private onClose(ctx: WsContext): void {
    const state = this.connections.get(ctx.extra);
    if (state?.anonymousIp) this.perIp.release(state.anonymousIp);
    this.connections.delete(ctx.extra);
    this.waiting.delete(ctx.extra.socket);
  }

  /**
   * Shutdown: closes every WebSocket with 1001 (going away), so clients reconnect to another
   * replica at once and the HTTP server can finish closing; stragglers are cut after a moment.
   */
  closeAll(): void {
    for (const socket of this.waiting.keys()) {
      socket.close(1001, 'Server shutting down: reconnect');
      setTimeout(() => socket.terminate(), 2000).unref();
    }
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
