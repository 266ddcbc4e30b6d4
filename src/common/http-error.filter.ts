import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AppError } from './error-codes';
import { isUnavailableError, RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE } from './unavailable';

/**
 * Errors raised before GraphQL runs (a body that is not JSON, a body too large) are answered
 * on /graphql in the GraphQL error shape, with a code, like every other refusal.
 */
@Catch(HttpException)
export class GraphQLHttpErrorFilter implements ExceptionFilter {
  catch(exception: HttpException, host: ArgumentsHost): unknown {
    if (host.getType<string>() !== 'http') return exception;
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const status = exception.getStatus();
    if (!req.path.startsWith('/graphql')) {
      res.status(status).json(exception.getResponse());
      return undefined;
    }
    const body = exception.getResponse();
    const detail = typeof body === 'object' && body !== null && 'message' in body ? String((body as { message: unknown }).message) : exception.message;
    const message =
      status === 413 ? 'The request body is too large.' : `The request body is not valid JSON (${detail}). Send {"query": "...", "variables": {...}}.`;
    res
      .status(status)
      .type('application/json')
      .send(JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] }));
    return undefined;
  }
}

/**
 * A refusal (AppError) is an expected answer, not a fault: hand it to GraphQL as it is, so Nest
 * does not log it with a stack trace as an unexpected error.
 */
@Catch(AppError)
export class RefusalPassThroughFilter implements ExceptionFilter {
  catch(exception: AppError): AppError {
    return exception;
  }
}

/**
 * Anything else: on HTTP routes a database that cannot be reached is 503 SERVICE_UNAVAILABLE
 * with Retry-After (the client may retry), everything else Nest's default answer. Errors of
 * GraphQL resolvers are rethrown to GraphQL's own formatting. Registered first, so Nest tries it last.
 */
@Catch()
export class UnavailableFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): unknown {
    // Elsewhere (GraphQL) rethrown as it came, as if no filter had matched: GraphQL formats it.
    if (host.getType<string>() !== 'http') throw exception;
    if (!isUnavailableError(exception)) return super.catch(exception, host);
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const error = { message: UNAVAILABLE_MESSAGE, extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: RETRY_AFTER_SECONDS } };
    const body = req.path.startsWith('/graphql') ? { errors: [error] } : { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: UNAVAILABLE_MESSAGE };
    res.status(503).set('retry-after', String(RETRY_AFTER_SECONDS)).type('application/json').send(JSON.stringify(body));
    return undefined;
  }
}
