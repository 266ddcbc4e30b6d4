import type { FundsQuery, TypedDocumentString } from '../gql/graphql';
import { RequestError, request } from '../shared/graphql';
import type { Session } from '../shared/session';

export type Fund = FundsQuery['funds'][number];

/** What every fund screen gets from the console around it. */
export interface FundContext {
  session: Session;
  fund: Fund;
  /** Grows on every claimChanged or fundBalanceChanged message of the fund: screens re-read then. */
  tick: number;
  /** Whether the live feed runs (VERIFIER, FINANCE, AUDITOR); without it the screens poll. */
  live: boolean;
  /** One query or mutation with the session's token; an ended session goes back to the login. */
  call<R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<R>;
  sessionEnded(): void;
  /** The fund's balances changed here (a posting was made): re-read the header. */
  changed(): void;
}

export function caller(session: Session, sessionEnded: () => void) {
  return async <R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<R> => {
    try {
      return await request(document, variables, session.token);
    } catch (err) {
      if (err instanceof RequestError && err.code === 'UNAUTHENTICATED') sessionEnded();
      throw err;
    }
  };
}
