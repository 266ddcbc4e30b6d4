import { defineTopic } from '../outbox/topic';
import type { SetupAction, SetupEntity } from './setup-audit.entity';

/** A hospital, ward, room or bed was created or changed by setup (the API, the import, the seed). */
export interface SetupChange {
  hospitalCode: string;
  entity: SetupEntity;
  action: SetupAction;
  id: string;
}

export const SETUP_CHANGED = defineTopic<SetupChange>('setupChanged', { parse: (raw) => raw as SetupChange });
