import { Reflector } from '@nestjs/core';
import { ACCESS_MATRIX } from '../auth/access-matrix';
import { ROLES_KEY } from '../auth/auth.decorators';
import { LedgerExportController } from './ledger-export.controller';

describe('the CSV export route', () => {
  it('lets in exactly the roles the access matrix grants claimExport', () => {
    const handler = Object.getOwnPropertyDescriptor(LedgerExportController.prototype, 'exportClaims')!.value as () => void;
    const roles = new Reflector().get<string[] | undefined>(ROLES_KEY, handler);
    expect(roles).toBeDefined();
    expect([...roles!].sort()).toEqual(Object.keys(ACCESS_MATRIX.claimExport.roles).sort());
  });
});
