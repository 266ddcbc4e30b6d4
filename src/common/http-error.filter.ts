import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError } from './error-codes';

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
      status === 413
        ? 'The request body is too large.'
        : `The request body is not valid JSON (${detail}). Send {"query": "...", "variables": {...}}.`;
    res.status(status).type('application/json').send(JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] }));
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
