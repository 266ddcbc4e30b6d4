import { Kind, parse, type ArgumentNode, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { jsonObjectOf } from '../common/json-object';

/**
 * Which GraphQL requests over HTTP may be answered from a copy of an earlier answer: anonymous
 * POSTs of a query whose root fields are only public and kept current by events (availability
 * changes, setup changes). The first request of each kind goes through Apollo; its answer is
 * kept only when it is a success without errors.
 */

/** Distinct requests kept; variants beyond this push out the least recently used. */
export const MAX_ANSWERS = 256;
/** The most characters one entry (its key and its answer) may hold: with MAX_ANSWERS, a bound on memory. */
export const MAX_ANSWER_CHARS = 64 * 1024;

/** The root fields whose answers the events keep current; `__typename` is constant. */
const CACHED_ROOT_FIELDS = new Set(['availability', 'hospitals', '__typename']);
const BODY_KEYS = new Set(['query', 'operationName', 'variables']);

export type Scalar = string | number | boolean | null;

/** The arguments of one `availability` field of a kept answer; a missing one matches every value. */
export interface AnswerFilter {
  hospitalCode?: string;
  wardId?: string;
  bedClass?: string;
}

/** One ward and class whose counts changed, as the availability feed brings it. */
export interface CountsChange {
  hospitalCode: string;
  wardId: string;
  bedClass: string;
}

export interface PublicRequest {
  /** The exact request as Apollo sees it: what it negotiates on, the query text, the operation and the variables. */
  key: string;
  query: string;
  operationName: string | null;
  variables: Readonly<Record<string, Scalar>>;
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/**
 * The request, when it may be answered from memory: a POST without credentials (the service
 * accepts only the Authorization header, whatever its value) whose parsed JSON body holds only a
 * query, an operation name and scalar variables. Anything else (GET, extensions such as
 * persisted queries, nested variables) goes to Apollo every time.
 */
export function publicRequest(method: string, headers: Headers, body: unknown): PublicRequest | null {
  if (method !== 'POST' || headers.authorization !== undefined) return null;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const fields = body as Record<string, unknown>;
  for (const name in fields) if (!BODY_KEYS.has(name)) return null;
  const { query, operationName, variables } = fields;
  if (typeof query !== 'string') return null;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
  const canonical = canonicalVariables(variables);
  if (canonical === null) return null;
  // Apollo picks the answer's content type from Accept; the body parser took only JSON.
  const key = JSON.stringify([headerText(headers.accept), headerText(headers['content-type']), query, operationName ?? null, canonical.text]);
  if (key.length > MAX_ANSWER_CHARS) return null;
  return { key, query, operationName: operationName ?? null, variables: canonical.values };
}

function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

/** Variables with their names sorted (their order does not change the answer); null when any is not a scalar. */
function canonicalVariables(variables: unknown): { text: string; values: Record<string, Scalar> } | null {
  if (variables === undefined || variables === null) return { text: '', values: {} };
  if (typeof variables !== 'object' || Array.isArray(variables)) return null;
  const given = variables as Record<string, unknown>;
  const values: Record<string, Scalar> = Object.create(null) as Record<string, Scalar>;
  const parts: string[] = [];
  for (const name of Object.keys(given).sort()) {
    const value = given[name];
    if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return null;
    values[name] = value;
    parts.push(`${JSON.stringify(name)}:${JSON.stringify(value)}`);
  }
  return { text: `{${parts.join(',')}}`, values };
}

/** Whether an answer is a success to keep: JSON with data and without errors. */
export function isCleanAnswer(body: string): boolean {
  const answer = jsonObjectOf(body);
  return answer !== null && !('errors' in answer) && typeof answer.data === 'object' && answer.data !== null;
}

/**
 * What may change a kept answer: the filters of its `availability` fields (a change of counts
 * that matches one drops it). Setup changes drop every answer, so `hospitals` needs no entry.
 * Null when the operation is not a query of cached root fields only: it is never kept.
 */
export function answerScope(request: PublicRequest): AnswerFilter[] | null {
  let document: DocumentNode;
  try {
    document = parse(request.query, { noLocation: true });
  } catch {
    return null;
  }
  const operation = chosenOperation(document, request.operationName);
  if (!operation || operation.operation !== 'query') return null;
  const filters: AnswerFilter[] = [];
  for (const selection of operation.selectionSet.selections) {
    // Fragments at the root would have to be followed; such queries are simply not kept.
    if (selection.kind !== Kind.FIELD || !CACHED_ROOT_FIELDS.has(selection.name.value)) return null;
    if (selection.name.value !== 'availability') continue;
    const arg = (name: string) => argumentText(selection.arguments, name, request.variables);
    filters.push({ hospitalCode: arg('hospitalCode'), wardId: arg('wardId'), bedClass: arg('bedClass') });
  }
  return filters;
}

/**
 * Whether a change of counts may touch an answer with these filters. Compared without regard to
 * case (the resolver lowercases ward ids): matching too much only drops an answer more often.
 */
export function touchedBy(filters: readonly AnswerFilter[], change: CountsChange): boolean {
  const same = (given: string | undefined, actual: string) => given === undefined || given.toLowerCase() === actual.toLowerCase();
  return filters.some((f) => same(f.hospitalCode, change.hospitalCode) && same(f.wardId, change.wardId) && same(f.bedClass, change.bedClass));
}

/** The operation Apollo runs: the named one, or the only one. */
function chosenOperation(document: DocumentNode, name: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (name === null) return operations.length === 1 ? operations[0] : undefined;
  return operations.find((o) => o.name?.value === name);
}

/**
 * A filter argument's value, literal or from a variable. Undefined (no filter, so every change
 * touches the answer) for anything else: a wider scope only drops the answer more often.
 */
function argumentText(args: readonly ArgumentNode[] | undefined, name: string, variables: Readonly<Record<string, Scalar>>): string | undefined {
  const value = args?.find((a) => a.name.value === name)?.value;
  if (!value) return undefined;
  if (value.kind === Kind.STRING || value.kind === Kind.ENUM) return value.value;
  if (value.kind === Kind.VARIABLE) {
    const given = variables[value.name.value];
    return typeof given === 'string' ? given : undefined;
  }
  return undefined;
}
