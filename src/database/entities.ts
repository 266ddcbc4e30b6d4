import { WardAvailabilityRow } from '../beds/ward-availability.entity';
import { LoginFailure } from '../auth/login-failure.entity';
import { Session } from '../auth/session.entity';
import { UserAuditEntry } from '../auth/user-audit.entity';
import { User } from '../auth/user.entity';
import { Admission } from '../beds/admission.entity';
import { BedEvent } from '../beds/bed-event.entity';
import { Bed } from '../beds/bed.entity';
import { WaitingEntry } from '../beds/waiting-entry.entity';
import { Hospital } from '../hospitals/hospital.entity';
import { Room } from '../hospitals/room.entity';
import { Ward } from '../hospitals/ward.entity';
import { ClaimDocument } from '../ledger/claim-document.entity';
import { SetupAuditEntry } from '../setup/setup-audit.entity';
import { Claim, ClaimEvent } from '../ledger/claim.entity';
import { Fund } from '../ledger/fund.entity';
import { JournalEntry, JournalLine } from '../ledger/journal.entity';
import { LedgerSeal } from '../ledger/ledger-seal.entity';
import { OutboxMessage } from '../outbox/outbox.entity';
import { RsOnlineSync } from '../rsonline/rsonline-sync.entity';

export const ENTITIES = [
  Hospital,
  Ward,
  Room,
  Bed,
  Admission,
  BedEvent,
  WardAvailabilityRow,
  WaitingEntry,
  User,
  Session,
  UserAuditEntry,
  LoginFailure,
  Fund,
  Claim,
  ClaimEvent,
  JournalEntry,
  JournalLine,
  ClaimDocument,
  LedgerSeal,
  OutboxMessage,
  RsOnlineSync,
  SetupAuditEntry,
];
