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

/**
 * A statement of another module's repository that writes its change and yields the events of
 * it as the WITH item `outbox_source (topic text, payload jsonb, n bigint)`, in `n` order. The
 * outbox appends its insert (OutboxService.enqueueFrom), so the change, its events and the
 * relay's wake-up cost one round trip while the change's row locks are held.
 */
export interface OutboxSource {
  /** WITH items, without the keyword; one of them is named outbox_source. */
  readonly with: string;
  readonly params: readonly unknown[];
}
