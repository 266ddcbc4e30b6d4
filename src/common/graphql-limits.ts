import {
  getNamedType,
  GraphQLError,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type GraphQLNamedType,
  type GraphQLSchema,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
}

/** A list field asks for `first` items, or this many when it does not say. */
const DEFAULT_LIST_SIZE = 50;

interface Measure {
  depth: number;
  aliases: number;
  cost: number;
}

/** A literal `first: N`; a variable is not known at validation time (pageSize caps it). */
function firstArgument(field: FieldNode): number | null {
  const arg = field.arguments?.find((a) => a.name.value === 'first');
  return arg?.value.kind === Kind.INT ? Number(arg.value.value) : null;
}

/** Whether the field returns a list (through any non-null wrappers), and its named type. */
function fieldShape(parent: GraphQLNamedType | undefined, name: string): { isList: boolean; type: GraphQLNamedType | undefined } {
  if (!parent || !(isObjectType(parent) || isInterfaceType(parent))) return { isList: false, type: undefined };
  const field = parent.getFields()[name];
  if (!field) return { isList: false, type: undefined };
  const type = isNonNullType(field.type) ? field.type.ofType : field.type;
  return { isList: isListType(type), type: getNamedType(field.type) };
}

/**
 * Depth, aliases and cost of a selection set, following fragments (each fragment once per
 * path, so a fragment cycle — already refused by graphql-js — cannot loop here). List fields
 * multiply what they select by their size.
 */
function measure(
  schema: GraphQLSchema,
  parent: GraphQLNamedType | undefined,
  set: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  seen: Set<string> = new Set(),
): Measure {
  let depth = 0;
  let aliases = 0;
  let cost = 0;
  for (const sel of set.selections) {
    let inner: Measure = { depth: 0, aliases: 0, cost: 0 };
    let own = 0;
    let multiplier = 1;
    let childDepth = 0;
    if (sel.kind === Kind.FIELD) {
      if (sel.alias) aliases += 1;
      own = 1;
      if (sel.selectionSet) {
        const shape = fieldShape(parent, sel.name.value);
        inner = measure(schema, shape.type, sel.selectionSet, fragments, seen);
        childDepth = 1;
        if (shape.isList) multiplier = Math.max(1, firstArgument(sel) ?? DEFAULT_LIST_SIZE);
      }
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      const type = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
      inner = measure(schema, type ?? undefined, sel.selectionSet, fragments, seen);
    } else {
      const name = sel.name.value;
      const fragment = fragments[name];
      if (!fragment || seen.has(name)) continue;
      inner = measure(schema, schema.getType(fragment.typeCondition.name.value) ?? undefined, fragment.selectionSet, fragments, new Set([...seen, name]));
    }
    depth = Math.max(depth, childDepth + inner.depth);
    aliases += inner.aliases;
    cost += own + multiplier * inner.cost;
  }
  return { depth, aliases, cost };
}

/** One validation rule that refuses operations over the limits, with a message naming each. */
export function queryLimitsRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const def of context.getDocument().definitions) {
        if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
      }
      const schema = context.getSchema();
      const root = node.operation === 'query' ? schema.getQueryType() : node.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
      const m = measure(schema, root ?? undefined, node.selectionSet, fragments);
      const depth = m.depth + 1;
      if (depth > limits.maxDepth) {
        context.reportError(new GraphQLError(`The query is nested ${depth} levels deep; at most ${limits.maxDepth} are allowed.`, { nodes: [node] }));
      }
      if (m.aliases > limits.maxAliases) {
        context.reportError(new GraphQLError(`The query uses ${m.aliases} aliases; at most ${limits.maxAliases} are allowed.`, { nodes: [node] }));
      }
      if (m.cost > limits.maxCost) {
        context.reportError(
          new GraphQLError(`The query would cost ${m.cost} (fields times list sizes); at most ${limits.maxCost} is allowed. Ask for fewer items with "first".`, {
            nodes: [node],
          }),
        );
      }
    },
  });
}
