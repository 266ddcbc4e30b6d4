/**
 * Bed classes in the national SIRANAP / RS Online vocabulary, with each class's RS Online
 * `id_tt` code. This is the one place the list and its codes live.
 */
export const BED_CLASSES = {
  VVIP: { idTt: 1, label: 'VVIP' },
  VIP: { idTt: 2, label: 'VIP' },
  KELAS_1: { idTt: 3, label: 'Kelas I' },
  KELAS_2: { idTt: 4, label: 'Kelas II' },
  KELAS_3: { idTt: 5, label: 'Kelas III' },
  ICU: { idTt: 6, label: 'ICU' },
  HCU: { idTt: 7, label: 'HCU' },
  ICCU: { idTt: 8, label: 'ICCU' },
  RICU: { idTt: 9, label: 'RICU' },
  NICU: { idTt: 10, label: 'NICU' },
  PICU: { idTt: 11, label: 'PICU' },
  ISOLASI: { idTt: 12, label: 'Isolasi' },
  PERINATOLOGI: { idTt: 14, label: 'Perinatologi' },
  INTERMEDIATE_IGD: { idTt: 37, label: 'Intermediate / IGD' },
  ICU_VENTILATOR: { idTt: 38, label: 'ICU dengan ventilator' },
  NICU_VENTILATOR: { idTt: 39, label: 'NICU dengan ventilator' },
  PICU_VENTILATOR: { idTt: 40, label: 'PICU dengan ventilator' },
  KRIS_JKN: { idTt: 52, label: 'KRIS JKN' },
} as const satisfies Record<string, { idTt: number; label: string }>;

export type BedClass = keyof typeof BED_CLASSES;
export const BED_CLASS_NAMES = Object.keys(BED_CLASSES) as BedClass[];

export function isBedClass(value: string): value is BedClass {
  return Object.prototype.hasOwnProperty.call(BED_CLASSES, value);
}
