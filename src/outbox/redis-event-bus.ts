import { Redis } from 'ioredis';
import { EventBus, type BusMessage, type PublishOutcome } from './event-bus';

/** Redis pub/sub: every api replica listens, so a change published once reaches all of them. */
export class RedisEventBus extends EventBus {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;

  constructor(url: string, prefix: string) {
    super(prefix);
    // No offline queue: while Redis is away a publish fails at once and the outbox row stays.
    this.publisher = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectionName: 'siranap-pub' });
    // Channels are re-subscribed by hand on every "ready" so that listeners run only once
    // the subscriptions are in place again.
    this.subscriber = new Redis(url, { autoResubscribe: false, connectionName: 'siranap-sub' });
    for (const client of [this.publisher, this.subscriber]) {
      // One line when Redis goes away and one when it is back, not one per reconnect attempt.
      let down = false;
      const name = client === this.publisher ? 'publisher' : 'subscriber';
      client.on('error', (err: Error) => {
        if (!down) this.logger.warn({ msg: 'redis unavailable; retrying', client: name, err: err.message });
        down = true;
      });
      client.on('ready', () => {
        if (down) this.logger.log({ msg: 'redis available again', client: name });
        down = false;
      });
    }
    this.subscriber.on('message', (channel: string, message: string) => this.deliver(channel, message));
    this.subscriber.on('ready', () => void this.resubscribe());
  }

  async publish(topic: string, payload: object): Promise<void> {
    await this.publisher.publish(this.prefix + topic, JSON.stringify(payload));
  }

  /** One MULTI/EXEC: Redis runs all of it or, when EXEC never arrives, none of it. */
  async publishMany(messages: readonly BusMessage[]): Promise<PublishOutcome> {
    if (messages.length === 0) return { published: 0 };
    const multi = this.publisher.multi();
    for (const m of messages) multi.publish(this.prefix + m.topic, JSON.stringify(m.payload));
    let replies: [Error | null, unknown][] | null;
    try {
      replies = await multi.exec();
    } catch (error) {
      return { published: 0, error };
    }
    if (!replies) return { published: 0, error: new Error('redis discarded the MULTI') };
    const failed = replies.findIndex(([err]) => err !== null);
    return failed < 0 ? { published: messages.length } : { published: failed, error: replies[failed][0] };
  }

  protected async listen(channel: string): Promise<void> {
    if (this.subscriber.status === 'ready') await this.subscriber.subscribe(channel);
  }

  protected async unlisten(channel: string): Promise<void> {
    if (this.subscriber.status === 'ready') await this.subscriber.unsubscribe(channel);
  }

  private async resubscribe(): Promise<void> {
    const channels = this.channels();
    try {
      if (channels.length > 0) await this.subscriber.subscribe(...channels);
    } catch (err) {
      this.logger.warn({ msg: 'redis resubscribe failed', err: String(err) });
      return;
    }
    this.listening();
  }

  async close(): Promise<void> {
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}
