import type { Request, Response } from 'express';
import type { Principal } from './principal';

/** Per-request GraphQL context: who is calling, decided once when the request arrives. */
export interface GraphQLContext {
  req?: Request;
  res?: Response;
  principal: Principal | null;
  /** Why a presented token was refused; requests that need no login still go through. */
  authError: string | null;
}

/** An HTTP request the guard let through to a @Roles route, with the principal it resolved. */
export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}
