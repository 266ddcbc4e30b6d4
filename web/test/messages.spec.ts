import { ERROR_CODES } from '../../src/common/error-codes';
import { ERROR_TEXT, errorText } from '../src/shared/messages';

describe('the console’s Indonesian texts', () => {
  it('has a text of its own for every error code the service sends', () => {
    const missing = ERROR_CODES.filter((code) => typeof ERROR_TEXT[code] !== 'string' || ERROR_TEXT[code].trim().length < 10);
    expect(missing).toEqual([]);
    // Each code says something different: no text copied between codes.
    expect(new Set(ERROR_CODES.map((c) => ERROR_TEXT[c])).size).toBe(ERROR_CODES.length);
  });

  it('falls back to the general text for a code it does not know', () => {
    expect(errorText('SOMETHING_NEW')).toBe(ERROR_TEXT.UNKNOWN);
    expect(errorText('VERSION_CONFLICT')).toBe(ERROR_TEXT.VERSION_CONFLICT);
    expect(errorText('toString')).toBe(ERROR_TEXT.UNKNOWN);
  });
});
