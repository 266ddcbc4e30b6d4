import { WardAvailabilityRow } from '../availability/ward-availability.entity';
import { User } from '../auth/user.entity';
import { Admission } from '../beds/admission.entity';
import { BedEvent } from '../beds/bed-event.entity';
import { Bed } from '../beds/bed.entity';
import { Hospital } from '../hospitals/hospital.entity';
import { Ward } from '../hospitals/ward.entity';
import { OutboxMessage } from '../outbox/outbox.entity';

export const ENTITIES = [Hospital, Ward, Bed, Admission, BedEvent, WardAvailabilityRow, User, OutboxMessage];
