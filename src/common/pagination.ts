import { Args, ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { Allow } from 'class-validator';
import type { Type } from '@nestjs/common';
import { parseInstant } from './date-range';
import { badInput } from './error-codes';
import { isUuid } from './validation';

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/**
 * `first` and `after` of every connection field. Checked by `pageSize` and `decodeCursor`,
 * where the list's own sort key is known; `@Allow` only lets them past the input whitelist.
 */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true })
  @Allow()
  first?: number;

  @Field(() => String, { nullable: true })
  @Allow()
  after?: string;
}

/** The values of `first` and `after` as a resolver receives them (see `PageParams`). */
export type Page = Pick<PageArgs, 'first' | 'after'>;

/**
 * `@PageParams() { first, after }: Page` gives a field the arguments of PageArgs. GraphQL hands
 * the parameter every argument of the field (filter, ids too), so it is typed as the plain
 * `Page`, not the class: validated as the class, the whitelist would refuse those others.
 */
export const PageParams = (): ParameterDecorator => Args({ type: () => PageArgs });

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A Relay connection type for `node`, named `<Name>Connection` with `<Name>Edge` edges. */
export function ConnectionType<T>(node: Type<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { isAbstract: true })
  abstract class ConnectionClass {
    @Field(() => [EdgeType])
    edges!: Edge<T>[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Items matching the filter, across all pages.' })
    totalCount!: number;
  }
  return ConnectionClass;
}

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput(`first must be between 1 and ${MAX_PAGE_SIZE}.`);
  }
  return first;
}

/** Opaque cursors: base64url of a JSON array of the sort key. */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** What one part of a cursor's sort key must be, checked before it reaches SQL. */
export type CursorPart = 'text' | 'uuid' | 'bigint' | 'instant';

const MAX_BIGINT = 9223372036854775807n;

function validPart(kind: CursorPart, value: unknown): value is string {
  if (typeof value !== 'string') return false;
  switch (kind) {
    case 'text':
      // PostgreSQL text holds no NUL; sort keys of this service are short codes.
      return value.length <= 256 && !value.includes('\u0000');
    case 'uuid':
      return isUuid(value);
    case 'bigint':
      return /^[1-9][0-9]{0,18}$/.test(value) && BigInt(value) <= MAX_BIGINT;
    case 'instant':
      return parseInstant(value) !== null;
  }
}

/**
 * The sort key a cursor of this list carries, each part checked against `parts`: a cursor
 * that was not given out by the list (malformed, tampered, another list's) is BAD_USER_INPUT.
 */
export function decodeCursor(cursor: string | null | undefined, parts: readonly CursorPart[]): string[] | null {
  if (cursor === null || cursor === undefined) return null;
  try {
    const key: unknown = cursor.length <= 2048 ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : null;
    if (Array.isArray(key) && key.length === parts.length && key.every((k, i) => validPart(parts[i], k))) return key as string[];
  } catch {
    // fall through to the refusal below
  }
  throw badInput('after is not a cursor this list gave out; pass an endCursor from a previous page.');
}
