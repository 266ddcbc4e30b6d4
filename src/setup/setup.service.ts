import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { actsOnHospital, hospitalRefusal, isServiceWide } from '../auth/hospital-scope';
import type { Principal } from '../auth/principal';
import { checkRetire, checkClassChange } from '../beds/bed-setup';
import { BedSetupService } from '../beds/bed-setup.service';
import { BedsRepository, type BedRow } from '../beds/beds.repository';
import { toBedModel } from '../beds/beds.service';
import type { BedModel } from '../beds/beds.types';
import { AppError, badInput, forbidden, notFound } from '../common/error-codes';
import { decodeCursor, encodeCursor, pageSize, type Connection } from '../common/pagination';
import { HospitalsRepository } from '../hospitals/hospitals.repository';
import type { HospitalModel, RoomModel, WardModel } from '../hospitals/hospitals.types';
import { OutboxService } from '../outbox/outbox.service';
import { parseBedCsv, planImport, type ImportPlan, type ImportProblem } from './bed-import';
import type { SetupAction, SetupEntity } from './setup-audit.entity';
import { SetupAuditRepository, type SetupAuditInsert } from './setup-audit.repository';
import { changedFields, coordinatesProblem, krisProblem } from './setup-rules';
import { SETUP_CHANGED } from './setup.topics';
import type {
  CreateBedInput,
  CreateHospitalInput,
  CreateRoomInput,
  CreateWardInput,
  ImportCountsModel,
  ImportReportModel,
  SetupAuditEntryModel,
  UpdateBedInput,
  UpdateHospitalInput,
  UpdateRoomInput,
  UpdateWardInput,
} from './setup.types';

/**
 * Who made a setup change, and how: a user through the API or the import, or the service itself
 * (the demo seed). `hospitalId`: the one hospital the actor may set up; null: every hospital.
 */
export interface SetupActor {
  id: string | null;
  username: string | null;
  via: 'api' | 'import' | 'seed';
  hospitalId: string | null;
  hospitalCode: string | null;
}

export const actorOf = (p: Principal, via: 'api' | 'import'): SetupActor => ({
  id: p.id,
  username: p.username,
  via,
  hospitalId: p.hospitalId,
  hospitalCode: p.hospitalCode,
});

const isUniqueViolation = (err: unknown): boolean => typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';

/** What the audit trail keeps of a bed (no patient). */
const bedRecord = (b: BedRow) => ({ code: b.code, wardId: b.ward_id, roomId: b.room_id, bedClass: b.bed_class, status: b.status, retiredAt: b.retired_at });

const counts = (created: string[], updated: string[], unchanged: string[], retired: string[] = [], reopened: string[] = []): ImportCountsModel => ({
  created: created.length,
  updated: updated.length,
  unchanged: unchanged.length,
  retired: retired.length,
  reopened: reopened.length,
  createdCodes: created,
  updatedCodes: updated,
  unchangedCodes: unchanged,
  retiredCodes: retired,
  reopenedCodes: reopened,
});

/** The problems of an import as one refusal: the first few in the message, all in `extensions.problems`. */
function importRefusal(problems: ImportProblem[]): AppError {
  const shown = problems
    .slice(0, 5)
    .map((p) => `${p.line > 0 ? `line ${p.line}` : 'the hospital'}${p.column ? `, column ${p.column}` : ''}: ${p.message}`)
    .join('; ');
  const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
  return badInput(`The file was not imported, nothing was changed. ${shown}${more}.`, { problems });
}

/**
 * A hospital sets itself up here: hospitals, wards, rooms and beds, one at a time or from a CSV.
 * Every change is one transaction that locks the hospital (so setup changes of one hospital run
 * one at a time), writes the rows (beds and their counters through the beds module), the audit
 * trail and the outbox events, so availability, subscribers, FHIR and RS Online follow at once.
 */
@Injectable()
export class SetupService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly hospitals: HospitalsRepository,
    private readonly beds: BedsRepository,
    private readonly bedSetup: BedSetupService,
    private readonly audit: SetupAuditRepository,
    private readonly outbox: OutboxService,
  ) {}

  // ---- hospitals ----

  createHospital(actor: SetupActor, input: CreateHospitalInput & { demo?: boolean }): Promise<HospitalModel> {
    if (actor.hospitalId !== null) throw forbidden(hospitalRefusal(actor, 'Only a service-wide ADMIN adds a hospital'));
    return this.db.transaction(async (m) => {
      if (await this.hospitals.hospitalByCode(input.code, m)) throw this.duplicate(`A hospital with code ${input.code} exists already.`);
      const position = coordinatesProblem(input.latitude ?? null, input.longitude ?? null);
      if (position) throw badInput(position);
      let id: string;
      try {
        id = await this.hospitals.insertHospital(m, { ...input, city: input.city ?? '', rsOnlineCode: input.rsOnlineCode ?? null });
      } catch (err) {
        if (isUniqueViolation(err)) throw this.duplicate(`A hospital with code ${input.code} exists already.`);
        throw err;
      }
      const after = (await this.hospitals.hospitalById(id, m))!;
      await this.record(m, actor, after.code, 'HOSPITAL', id, 'CREATE', null, after);
      return after;
    });
  }

  updateHospital(actor: SetupActor, input: UpdateHospitalInput): Promise<HospitalModel> {
    return this.db.transaction(async (m) => {
      const before = await this.hospitals.lockHospital(m, input.id);
      if (!before) throw notFound('Hospital', input.id);
      this.guard(actor, before);
      const { id: _id, ...fields } = input;
      const position = coordinatesProblem(
        fields.latitude !== undefined ? fields.latitude : before.latitude,
        fields.longitude !== undefined ? fields.longitude : before.longitude,
      );
      if (position) throw badInput(position);
      const change = changedFields(before, fields);
      if (Object.keys(change).length === 0) return before;
      await this.hospitals.updateHospital(m, before.id, change);
      const after = (await this.hospitals.hospitalById(before.id, m))!;
      await this.record(m, actor, after.code, 'HOSPITAL', after.id, 'UPDATE', before, after);
      return after;
    });
  }

  // ---- wards ----

  createWard(actor: SetupActor, input: CreateWardInput): Promise<WardModel> {
    return this.db.transaction(async (m) => {
      const hospital = await this.lockHospitalByCode(m, actor, input.hospitalCode);
      return this.createWardIn(m, actor, hospital, input);
    });
  }

  updateWard(actor: SetupActor, input: UpdateWardInput): Promise<WardModel> {
    return this.db.transaction(async (m) => {
      const ward = await this.hospitals.wardById(input.id, m);
      if (!ward) throw notFound('Ward', input.id);
      const hospital = this.guard(actor, (await this.hospitals.lockHospital(m, ward.hospitalId))!);
      const { id: _id, ...fields } = input;
      return this.updateWardIn(m, actor, hospital, ward, fields);
    });
  }

  // ---- rooms ----

  createRoom(actor: SetupActor, input: CreateRoomInput): Promise<RoomModel> {
    return this.db.transaction(async (m) => {
      const ward = await this.hospitals.wardById(input.wardId, m);
      if (!ward) throw notFound('Ward', input.wardId);
      const hospital = this.guard(actor, (await this.hospitals.lockHospital(m, ward.hospitalId))!);
      return this.createRoomIn(m, actor, hospital, ward, input);
    });
  }

  updateRoom(actor: SetupActor, input: UpdateRoomInput): Promise<RoomModel> {
    return this.db.transaction(async (m) => {
      const room = await this.hospitals.roomById(input.id, m);
      if (!room) throw notFound('Room', input.id);
      const hospital = await this.lockHospitalOfWard(m, actor, room.wardId);
      const { id: _id, ...fields } = input;
      if (fields.kris === true && !room.kris) {
        const inService = (await this.bedsOfRoom(m, room.id)).length;
        const problem = krisProblem({ code: room.code, kris: true }, inService);
        if (problem) throw badInput(problem);
      }
      return this.updateRoomIn(m, actor, hospital, room, fields);
    });
  }

  // ---- beds ----

  createBed(actor: SetupActor, input: CreateBedInput): Promise<BedModel> {
    return this.db.transaction(async (m) => {
      const room = await this.hospitals.roomById(input.roomId, m);
      if (!room) throw notFound('Room', input.roomId);
      const hospital = await this.lockHospitalOfWard(m, actor, room.wardId);
      const problem = krisProblem(room, (await this.bedsOfRoom(m, room.id)).length + 1);
      if (problem) throw badInput(problem);
      return toBedModel(await this.createBedIn(m, actor, hospital, room, input.code, input.bedClass));
    });
  }

  updateBed(actor: SetupActor, input: UpdateBedInput): Promise<BedModel> {
    return this.db.transaction(async (m) => {
      const { hospital, bed } = await this.lockBed(m, actor, input.id);
      let room: RoomModel | null = null;
      if (input.roomId !== undefined && input.roomId !== bed.room_id) {
        room = await this.hospitals.roomById(input.roomId, m);
        const roomHospital = room && (await this.hospitals.wardById(room.wardId, m))?.hospitalId;
        if (!room || roomHospital !== hospital.id) throw notFound(`Room of hospital ${hospital.code}`, input.roomId);
        if (bed.current_admission_id !== null) throw badInput(`Bed ${bed.code} has a patient; move it to another room after the patient leaves it.`);
        const problem = bed.retired_at === null ? krisProblem(room, (await this.bedsOfRoom(m, room.id)).length + 1) : null;
        if (problem) throw badInput(problem);
      }
      if (input.bedClass !== undefined) {
        const check = checkClassChange({ code: bed.code, status: bed.status, bedClass: bed.bed_class }, input.bedClass);
        if (!check.ok) throw badInput(check.message);
      }
      return toBedModel(
        await this.updateBedIn(m, actor, hospital, bed, {
          ...(input.code !== undefined && input.code !== bed.code ? { code: input.code } : {}),
          ...(input.bedClass !== undefined && input.bedClass !== bed.bed_class ? { bedClass: input.bedClass } : {}),
          ...(room ? { roomId: room.id, wardId: room.wardId } : {}),
        }),
      );
    });
  }

  retireBed(actor: SetupActor, id: string): Promise<BedModel> {
    return this.db.transaction(async (m) => {
      const { hospital, bed } = await this.lockBed(m, actor, id);
      const check = checkRetire({ code: bed.code, retired: bed.retired_at !== null, status: bed.status, hasPatient: bed.current_admission_id !== null });
      if (!check.ok) throw badInput(check.message);
      return toBedModel(await this.setRetiredIn(m, actor, hospital, bed, true));
    });
  }

  reopenBed(actor: SetupActor, id: string): Promise<BedModel> {
    return this.db.transaction(async (m) => {
      const { hospital, bed } = await this.lockBed(m, actor, id);
      if (bed.retired_at === null) throw badInput(`Bed ${bed.code} is in service; only a retired bed can be reopened.`);
      const room = (await this.hospitals.roomById(bed.room_id, m))!;
      const problem = krisProblem(room, (await this.bedsOfRoom(m, room.id)).length + 1);
      if (problem) throw badInput(problem);
      return toBedModel(await this.setRetiredIn(m, actor, hospital, bed, false));
    });
  }

  // ---- import ----

  /** The hospital's beds from a CSV (see bed-import.ts): all of it in one transaction, or nothing. */
  async importBeds(actor: SetupActor, hospitalCode: string | undefined, csv: string, dryRun: boolean): Promise<ImportReportModel> {
    const parsed = parseBedCsv(csv);
    if (!parsed.ok) throw importRefusal(parsed.problems);
    const code = hospitalCode ?? actor.hospitalCode ?? (await this.onlyHospitalCode());
    const work = async (m: EntityManager): Promise<ImportReportModel> => {
      const hospital = await this.lockHospitalByCode(m, actor, code);
      const planned = planImport(await this.currentSetup(m, hospital.id), parsed.rows);
      if (!planned.ok) throw importRefusal(planned.problems);
      if (!dryRun) await this.applyPlan(m, actor, hospital, planned.plan);
      return this.report(hospital.code, dryRun, planned.plan);
    };
    if (!dryRun) return this.db.transaction(work);
    // A dry run reads in a transaction it rolls back, so it waits for a running import as the real one would.
    const qr = this.db.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      return await work(qr.manager);
    } finally {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      await qr.release();
    }
  }

  // ---- audit ----

  /** The setup trail, newest first: a hospital's user reads only their hospital's entries; a service-wide user every entry. */
  async auditTrail(
    reader: Pick<Principal, 'hospitalId' | 'hospitalCode'>,
    entityId: string | undefined,
    first: number | undefined,
    after: string | undefined,
  ): Promise<Connection<SetupAuditEntryModel>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, ['bigint']);
    const hospitalCode = isServiceWide(reader) ? null : reader.hospitalCode;
    const { total, rows } = await this.audit.page(entityId ?? null, hospitalCode, cursor ? cursor[0] : null, limit + 1);
    const edges = rows.slice(0, limit).map((r) => ({ cursor: encodeCursor([r.id]), node: r }));
    return { edges, totalCount: total, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  // ---- inside a transaction ----

  private async createWardIn(m: EntityManager, actor: SetupActor, hospital: HospitalModel, w: Omit<WardModel, 'id' | 'hospitalId'>): Promise<WardModel> {
    const message = `Hospital ${hospital.code} has a ward with code ${w.code} already.`;
    const id = await this.unique(message, () => this.hospitals.insertWard(m, { hospitalId: hospital.id, code: w.code, name: w.name, service: w.service }));
    const after = (await this.hospitals.wardById(id, m))!;
    await this.record(m, actor, hospital.code, 'WARD', id, 'CREATE', null, after);
    return after;
  }

  private async updateWardIn(m: EntityManager, actor: SetupActor, hospital: HospitalModel, before: WardModel, fields: Partial<WardModel>): Promise<WardModel> {
    const change = changedFields(before, fields);
    if (Object.keys(change).length === 0) return before;
    await this.unique(`Hospital ${hospital.code} has a ward with code ${change.code ?? before.code} already.`, () =>
      this.hospitals.updateWard(m, before.id, change),
    );
    // The public counts carry the ward's name.
    if (change.name !== undefined) await this.bedSetup.wardRenamed(m, before.id);
    const after = (await this.hospitals.wardById(before.id, m))!;
    await this.record(m, actor, hospital.code, 'WARD', after.id, 'UPDATE', before, after);
    return after;
  }

  private async createRoomIn(
    m: EntityManager,
    actor: SetupActor,
    hospital: HospitalModel,
    ward: WardModel,
    r: Omit<RoomModel, 'id' | 'wardId'>,
  ): Promise<RoomModel> {
    const id = await this.unique(`Ward ${ward.code} has a room with code ${r.code} already.`, () =>
      this.hospitals.insertRoom(m, { wardId: ward.id, code: r.code, name: r.name, sexPolicy: r.sexPolicy, kris: r.kris }),
    );
    const after = (await this.hospitals.roomById(id, m))!;
    await this.record(m, actor, hospital.code, 'ROOM', id, 'CREATE', null, after);
    return after;
  }

  private async updateRoomIn(m: EntityManager, actor: SetupActor, hospital: HospitalModel, before: RoomModel, fields: Partial<RoomModel>): Promise<RoomModel> {
    const change = changedFields(before, fields);
    if (Object.keys(change).length === 0) return before;
    await this.unique(`The ward has a room with code ${change.code ?? before.code} already.`, () => this.hospitals.updateRoom(m, before.id, change));
    const after = (await this.hospitals.roomById(before.id, m))!;
    await this.record(m, actor, hospital.code, 'ROOM', after.id, 'UPDATE', before, after);
    return after;
  }

  private async createBedIn(
    m: EntityManager,
    actor: SetupActor,
    hospital: HospitalModel,
    room: RoomModel,
    code: string,
    bedClass: BedModel['bedClass'],
  ): Promise<BedRow> {
    const bed = await this.unique(`Hospital ${hospital.code} has a bed with code ${code} already.`, () =>
      this.bedSetup.create(m, { hospitalId: hospital.id, wardId: room.wardId, roomId: room.id, code, bedClass }, actor.id),
    );
    await this.record(m, actor, hospital.code, 'BED', bed.id, 'CREATE', null, bedRecord(bed));
    return bed;
  }

  private async updateBedIn(
    m: EntityManager,
    actor: SetupActor,
    hospital: HospitalModel,
    before: BedRow,
    change: Parameters<BedSetupService['change']>[2],
  ): Promise<BedRow> {
    if (Object.keys(change).length === 0) return before;
    const after = await this.unique(`Hospital ${hospital.code} has a bed with code ${change.code ?? before.code} already.`, () =>
      this.bedSetup.change(m, before, change),
    );
    await this.record(m, actor, hospital.code, 'BED', after.id, 'UPDATE', bedRecord(before), bedRecord(after));
    return after;
  }

  private async setRetiredIn(m: EntityManager, actor: SetupActor, hospital: HospitalModel, before: BedRow, retired: boolean): Promise<BedRow> {
    const after = await this.bedSetup.setRetired(m, before, retired);
    await this.record(m, actor, hospital.code, 'BED', after.id, retired ? 'RETIRE' : 'REOPEN', bedRecord(before), bedRecord(after));
    return after;
  }

  private async applyPlan(m: EntityManager, actor: SetupActor, hospital: HospitalModel, plan: ImportPlan): Promise<void> {
    const wards = new Map((await this.hospitals.wardsOf(hospital.id, m)).map((w) => [w.code, w]));
    for (const w of plan.wards.create) wards.set(w.code, await this.createWardIn(m, actor, hospital, w));
    for (const { id: _id, code, ...fields } of plan.wards.update) wards.set(code, await this.updateWardIn(m, actor, hospital, wards.get(code)!, fields));
    const roomKey = (wardId: string, code: string) => `${wardId}/${code}`;
    const rooms = new Map((await this.hospitals.roomsOfHospital(hospital.id, m)).map((r) => [roomKey(r.wardId, r.code), r]));
    for (const r of plan.rooms.create) {
      const ward = wards.get(r.wardCode)!;
      rooms.set(roomKey(ward.id, r.code), await this.createRoomIn(m, actor, hospital, ward, r));
    }
    for (const r of plan.rooms.update) {
      const key = roomKey(wards.get(r.wardCode)!.id, r.code);
      const { id: _id, wardCode: _w, code: _c, ...fields } = r;
      rooms.set(key, await this.updateRoomIn(m, actor, hospital, rooms.get(key)!, fields));
    }
    const roomOf = (wardCode: string, code: string) => rooms.get(roomKey(wards.get(wardCode)!.id, code))!;
    const byId = new Map((await this.beds.lockBedsOfHospital(m, hospital.id)).map((b) => [b.id, b]));
    const byCode = new Map([...byId.values()].map((b) => [b.code, b]));
    for (const b of plan.beds.retire) await this.setRetiredIn(m, actor, hospital, byId.get(b.id)!, true);
    for (const code of plan.beds.reopen) byCode.set(code, await this.setRetiredIn(m, actor, hospital, byCode.get(code)!, false));
    for (const b of plan.beds.update) {
      const room = roomOf(b.wardCode, b.roomCode);
      await this.updateBedIn(m, actor, hospital, byCode.get(b.code)!, {
        ...(b.bedClass !== undefined ? { bedClass: b.bedClass } : {}),
        ...(b.moves ? { roomId: room.id, wardId: room.wardId } : {}),
      });
    }
    for (const b of plan.beds.create) await this.createBedIn(m, actor, hospital, roomOf(b.wardCode, b.roomCode), b.code, b.bedClass);
  }

  private report(hospitalCode: string, dryRun: boolean, plan: ImportPlan): ImportReportModel {
    const roomCode = (r: { wardCode: string; code: string }) => `${r.wardCode}/${r.code}`;
    return {
      hospitalCode,
      dryRun,
      wards: counts(
        plan.wards.create.map((w) => w.code),
        plan.wards.update.map((w) => w.code),
        plan.wards.unchanged,
      ),
      rooms: counts(plan.rooms.create.map(roomCode), plan.rooms.update.map(roomCode), plan.rooms.unchanged),
      beds: counts(
        plan.beds.create.map((b) => b.code),
        plan.beds.update.map((b) => b.code),
        plan.beds.unchanged,
        plan.beds.retire.map((b) => b.code),
        plan.beds.reopen,
      ),
    };
  }

  private async currentSetup(m: EntityManager, hospitalId: string) {
    const wards = await this.hospitals.wardsOf(hospitalId, m);
    const rooms = await this.hospitals.roomsOfHospital(hospitalId, m);
    const beds = await this.beds.lockBedsOfHospital(m, hospitalId);
    return {
      wards,
      rooms,
      beds: beds.map((b) => ({
        id: b.id,
        code: b.code,
        wardId: b.ward_id,
        roomId: b.room_id,
        bedClass: b.bed_class,
        status: b.status,
        retired: b.retired_at !== null,
        hasPatient: b.current_admission_id !== null,
      })),
    };
  }

  private bedsOfRoom(m: EntityManager, roomId: string): Promise<string[]> {
    return this.beds.bedIdsOfRoom(m, roomId);
  }

  private async onlyHospitalCode(): Promise<string> {
    const all = await this.hospitals.hospitals();
    if (all.length === 1) return all[0].code;
    if (all.length === 0) throw badInput('There is no hospital yet: create it first with createHospital.');
    throw badInput(`This service holds ${all.length} hospitals; say which with hospitalCode (one of ${all.map((h) => h.code).join(', ')}).`);
  }

  /** The hospital, when the actor may set it up; else FORBIDDEN naming the one they may. */
  private guard(actor: SetupActor, hospital: HospitalModel): HospitalModel {
    if (!actsOnHospital(actor, hospital.id)) throw forbidden(hospitalRefusal(actor, `You may not set up hospital ${hospital.code}`));
    return hospital;
  }

  private async lockHospitalByCode(m: EntityManager, actor: SetupActor, code: string): Promise<HospitalModel> {
    const found = await this.hospitals.hospitalByCode(code, m);
    if (!found) throw notFound('Hospital', code);
    return this.guard(actor, (await this.hospitals.lockHospital(m, found.id))!);
  }

  private async lockHospitalOfWard(m: EntityManager, actor: SetupActor, wardId: string): Promise<HospitalModel> {
    const ward = (await this.hospitals.wardById(wardId, m))!;
    return this.guard(actor, (await this.hospitals.lockHospital(m, ward.hospitalId))!);
  }

  private async lockBed(m: EntityManager, actor: SetupActor, id: string): Promise<{ hospital: HospitalModel; bed: BedRow }> {
    const found = (await this.beds.lockBedsInIdOrder(m, [id]))[0];
    if (!found) throw notFound('Bed', id);
    const hospital = await this.lockHospitalOfWard(m, actor, found.ward_id);
    return { hospital, bed: found };
  }

  private async unique<T>(message: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (isUniqueViolation(err)) throw this.duplicate(message);
      throw err;
    }
  }

  private duplicate(message: string): AppError {
    return new AppError('DUPLICATE', message);
  }

  private async record(
    m: EntityManager,
    actor: SetupActor,
    hospitalCode: string,
    entity: SetupEntity,
    id: string,
    action: SetupAction,
    before: object | null,
    after: object,
  ): Promise<void> {
    const entry: SetupAuditInsert = {
      actorId: actor.id,
      actorUsername: actor.username,
      entity,
      entityId: id,
      action,
      before,
      after,
      via: actor.via,
      hospitalCode,
    };
    await this.audit.insert(m, [entry]);
    await this.outbox.enqueue(m, SETUP_CHANGED, { hospitalCode, entity, action, id });
  }
}
