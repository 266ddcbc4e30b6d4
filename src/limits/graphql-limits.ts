import {
  getNamedType,
  GraphQLError,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  specifiedRules,
  validate,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../common/pagination';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
}

/**
 * Field extension naming the most items a list field's resolver returns when it has no
 * `first` argument (e.g. one entry per day of a period of at most 366 days).
 */
export const LIST_SIZE_EXTENSION = 'listSize';

/** A list that neither says `first` nor declares its size counts as this many items. */
const DEFAULT_LIST_SIZE = DEFAULT_PAGE_SIZE;

interface Measure {
  depth: number;
  aliases: number;
  cost: number;
}

const NOTHING: Measure = { depth: 0, aliases: 0, cost: 0 };

/**
 * The page size a field asks for: a literal `first: N` (capped by the largest page the
 * resolvers serve), the largest page for a variable (unknown when validating), the default
 * page when absent, or null when the field takes no `first`.
 */
function pageSize(field: FieldNode, takesFirst: boolean): number | null {
  if (!takesFirst) return null;
  const arg = field.arguments?.find((a) => a.name.value === 'first');
  if (!arg) return DEFAULT_PAGE_SIZE;
  if (arg.value.kind === Kind.INT) return Math.min(MAX_PAGE_SIZE, Math.max(1, Number(arg.value.value)));
  return MAX_PAGE_SIZE;
}

interface FieldShape {
  isList: boolean;
  type: GraphQLNamedType | undefined;
  takesFirst: boolean;
  declaredSize: number | null;
}

function fieldShape(parent: GraphQLNamedType | undefined, name: string): FieldShape {
  const none: FieldShape = { isList: false, type: undefined, takesFirst: false, declaredSize: null };
  if (!parent || !(isObjectType(parent) || isInterfaceType(parent))) return none;
  const field = parent.getFields()[name];
  if (!field) return none;
  const type = isNonNullType(field.type) ? field.type.ofType : field.type;
  const declared = field.extensions?.[LIST_SIZE_EXTENSION];
  return {
    isList: isListType(type),
    type: getNamedType(field.type),
    takesFirst: field.args.some((a) => a.name === 'first'),
    declaredSize: typeof declared === 'number' ? declared : null,
  };
}

/**
 * Measures selection sets. Each fragment is measured once per document (and per page size
 * handed to it), so the work is linear in the document's size however often a fragment is
 * spread. A fragment met again while it is being measured is a cycle: graphql-js refuses
 * those in the same validation pass, and here it counts as nothing.
 */
class Measurer {
  private readonly done = new Map<string, Measure>();
  private readonly inProgress = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  ) {}

  /**
   * `inheritedPage` is the `first` of a connection field above (`beds(first: 10) { edges … }`):
   * the first list below it without its own `first` has that many items.
   */
  measure(parent: GraphQLNamedType | undefined, set: SelectionSetNode, inheritedPage: number | null): Measure {
    let depth = 0;
    let aliases = 0;
    let cost = 0;
    for (const sel of set.selections) {
      let inner = NOTHING;
      let own = 0;
      let multiplier = 1;
      let childDepth = 0;
      if (sel.kind === Kind.FIELD) {
        if (sel.alias) aliases += 1;
        own = 1;
        if (sel.selectionSet) {
          const shape = fieldShape(parent, sel.name.value);
          const page = pageSize(sel, shape.takesFirst);
          childDepth = 1;
          if (shape.isList) {
            multiplier = page ?? shape.declaredSize ?? inheritedPage ?? DEFAULT_LIST_SIZE;
            inner = this.measure(shape.type, sel.selectionSet, null);
          } else {
            inner = this.measure(shape.type, sel.selectionSet, page);
          }
        }
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const type = sel.typeCondition ? this.schema.getType(sel.typeCondition.name.value) : parent;
        inner = this.measure(type ?? undefined, sel.selectionSet, inheritedPage);
      } else {
        inner = this.fragment(sel.name.value, inheritedPage);
      }
      depth = Math.max(depth, childDepth + inner.depth);
      aliases += inner.aliases;
      cost += own + multiplier * inner.cost;
    }
    return { depth, aliases, cost };
  }

  private fragment(name: string, inheritedPage: number | null): Measure {
    const definition = this.fragments.get(name);
    const key = `${name}/${inheritedPage ?? ''}`;
    if (!definition || this.inProgress.has(name)) return NOTHING;
    const known = this.done.get(key);
    if (known) return known;
    this.inProgress.add(name);
    const type = this.schema.getType(definition.typeCondition.name.value) ?? undefined;
    const result = this.measure(type, definition.selectionSet, inheritedPage);
    this.inProgress.delete(name);
    this.done.set(key, result);
    return result;
  }
}

/**
 * One validation rule that refuses operations over the limits, with a message naming each.
 * Costs are fields times list sizes: a list has `first` items (the largest page when `first`
 * is a variable), or the size its field declares, or the connection's page size above it.
 */
export function queryLimitsRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let measurer: Measurer | null = null;
    return {
      OperationDefinition(node) {
        const schema = context.getSchema();
        if (!measurer) {
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const def of context.getDocument().definitions) {
            if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
          }
          measurer = new Measurer(schema, fragments);
        }
        const root =
          node.operation === 'query' ? schema.getQueryType() : node.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
        const m = measurer.measure(root ?? undefined, node.selectionSet, null);
        const depth = m.depth + 1;
        const refuse = (message: string) =>
          context.reportError(new GraphQLError(message, { nodes: [node], extensions: { code: 'BAD_USER_INPUT', reason: 'QUERY_LIMIT' } }));
        if (depth > limits.maxDepth) refuse(`The query is nested ${depth} levels deep; at most ${limits.maxDepth} are allowed.`);
        if (m.aliases > limits.maxAliases) refuse(`The query uses ${m.aliases} aliases; at most ${limits.maxAliases} are allowed.`);
        if (m.cost > limits.maxCost) {
          refuse(`The query would cost ${m.cost} (fields times list sizes); at most ${limits.maxCost} is allowed. Ask for fewer items with "first".`);
        }
      },
    };
  };
}

/**
 * graphql-js's own rules plus the limits, for transports that validate by themselves
 * (graphql-ws): every error carries a stable code, as over HTTP.
 */
export function validateWithLimits(limits: QueryLimits): (schema: GraphQLSchema, document: DocumentNode) => readonly GraphQLError[] {
  const rules = [...specifiedRules, queryLimitsRule(limits)];
  return (schema, document) =>
    validate(schema, document, rules).map((e) =>
      e.extensions.code
        ? e
        : new GraphQLError(e.message, {
            nodes: e.nodes,
            source: e.source,
            positions: e.positions,
            extensions: { code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED' },
          }),
    );
}
