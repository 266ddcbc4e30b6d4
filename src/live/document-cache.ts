import { parse, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';

/**
 * Parsed subscription documents by their text. Thousands of watchers of the public page send
 * the same few documents: each is parsed once and the one (immutable) tree is shared by every
 * subscription, instead of a tree per subscriber. Bounded, least recently used first out, and only
 * short texts are kept, so distinct documents cannot grow it.
 */
export class DocumentCache {
  /** By text; `text` is the first copy seen, which later subscribers share (see sharedText). */
  private readonly documents = new Map<string, { text: string; document: DocumentNode }>();

  constructor(
    private readonly maxEntries: number,
    private readonly maxLength: number,
    private readonly maxTokens: number,
  ) {}

  /** As graphql's parse (throws its GraphQLError); a text seen before gives the same tree. */
  parse(query: string): DocumentNode {
    const known = this.documents.get(query);
    if (known) {
      // Re-inserted: a Map keeps insertion order, so the first key is the least recently used.
      this.documents.delete(query);
      this.documents.set(query, known);
      return known.document;
    }
    const document = parse(query, { maxTokens: this.maxTokens });
    if (query.length <= this.maxLength) {
      if (this.documents.size >= this.maxEntries) this.documents.delete(this.documents.keys().next().value!);
      this.documents.set(query, { text: query, document });
    }
    return document;
  }

  /**
   * The kept copy of a known text, else the text itself. A subscribe message stays referenced
   * for as long as its subscription lasts; with the kept copy in it, ten thousand subscribers of
   * one document hold its text once, not ten thousand times.
   */
  sharedText(query: string): string {
    return this.documents.get(query)?.text ?? query;
  }

  get size(): number {
    return this.documents.size;
  }
}

/** A validation that runs once per shared document tree and schema, however many subscribe with it. */
export function validatedOnce(
  validate: (schema: GraphQLSchema, document: DocumentNode) => readonly GraphQLError[],
): (schema: GraphQLSchema, document: DocumentNode) => readonly GraphQLError[] {
  const results = new WeakMap<DocumentNode, { schema: GraphQLSchema; errors: readonly GraphQLError[] }>();
  return (schema, document) => {
    const known = results.get(document);
    if (known?.schema === schema) return known.errors;
    const errors = validate(schema, document);
    results.set(document, { schema, errors });
    return errors;
  };
}
