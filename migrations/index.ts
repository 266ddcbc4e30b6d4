import { Initial1795880000000 } from './1795880000000-Initial';
import { AppendOnlyBedEvents1795880000001 } from './1795880000001-AppendOnlyBedEvents';
import { Outbox1795880001000 } from './1795880001000-Outbox';
import { Ledger1795880002000 } from './1795880002000-Ledger';
import { AppendOnlyLedger1795880002001 } from './1795880002001-AppendOnlyLedger';
import { DischargeOutcome1795880003000 } from './1795880003000-DischargeOutcome';
import { RsOnlineSync1795880003001 } from './1795880003001-RsOnlineSync';
import { UsersAndSessions1795880004100 } from './1795880004100-UsersAndSessions';
import { RoomsAndSetup1795880005000 } from './1795880005000-RoomsAndSetup';
import { FundRules1795880005100 } from './1795880005100-FundRules';
import { Hl7Intake1795880006000 } from './1795880006000-Hl7Intake';
import { WaitingListAndReservations1795880006100 } from './1795880006100-WaitingListAndReservations';
import { HospitalTenancy1795880007000 } from './1795880007000-HospitalTenancy';
import { SetupAuditHospital1795880008000 } from './1795880008000-SetupAuditHospital';

/** Every migration, in order. Listed explicitly so the same list works compiled and under jest. */
export const MIGRATIONS = [
  Initial1795880000000,
  AppendOnlyBedEvents1795880000001,
  Outbox1795880001000,
  Ledger1795880002000,
  AppendOnlyLedger1795880002001,
  DischargeOutcome1795880003000,
  RsOnlineSync1795880003001,
  UsersAndSessions1795880004100,
  RoomsAndSetup1795880005000,
  FundRules1795880005100,
  Hl7Intake1795880006000,
  WaitingListAndReservations1795880006100,
  HospitalTenancy1795880007000,
  SetupAuditHospital1795880008000,
];
