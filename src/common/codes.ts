/** Codes of hospitals, wards, rooms and beds, which people type and read aloud: letters, digits, ".", "_" and "-", starting with a letter or digit. */
export const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
export const CODE_RULE = '1-32 letters, digits, ".", "_" or "-", starting with a letter or digit';
