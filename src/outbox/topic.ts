/**
 * An event stream between modules: its name on the outbox and pub/sub, the payload its producer
 * writes, and how a consumer reads the JSON back (times and rupiah do not survive JSON as they
 * are). Declared by the module that produces it; consumers import it, never the other way round.
 */
export interface Topic<Payload> {
  readonly name: string;
  /** The JSON-safe form written to the outbox. */
  encode(payload: Payload): object;
  /** The payload again, from the JSON a subscriber receives. */
  parse(raw: unknown): Payload;
}

export function defineTopic<Payload>(name: string, codec: { encode?: (payload: Payload) => object; parse: (raw: unknown) => Payload }): Topic<Payload> {
  return { name, encode: codec.encode ?? ((payload) => payload as object), parse: codec.parse };
}

/** One outbox row to write: a topic and a payload of its type. */
export interface OutboxEntry {
  readonly topic: string;
  readonly payload: object;
}

export function outboxEntry<Payload>(topic: Topic<Payload>, payload: Payload): OutboxEntry {
  return { topic: topic.name, payload: topic.encode(payload) };
}
