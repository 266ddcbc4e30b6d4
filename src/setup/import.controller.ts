import { Controller, HttpCode, HttpException, Post, Query, Req, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
/** The part of multer's file that is read here (memory storage: the upload is in `buffer`). */
interface UploadedCsv {
  buffer: Buffer;
}
import { Roles } from '../auth/auth.decorators';
import { AuthService } from '../auth/auth.service';
import { MUST_CHANGE_PASSWORD_MESSAGE } from '../auth/principal';
import { AppError } from '../common/error-codes';
import { actorOf, SetupService } from './setup.service';
import type { ImportReportModel } from './setup.types';

/** A hospital's bed list is some kilobytes; a megabyte is thousands of beds. */
export const IMPORT_MAX_BYTES = 1024 * 1024;

const refuse = (status: number, code: string, message: string, details: Record<string, unknown> = {}) =>
  new HttpException({ code, message, ...details }, status);

/**
 * `POST /admin/import?dryRun=true&hospitalCode=` with the CSV as the multipart field `file`, for
 * the admin page and for scripts (`curl -F file=@beds.csv`): the same import and the same report
 * as the importBeds mutation, as JSON. ADMIN, with `Authorization: Bearer`.
 */
@Controller('admin')
export class ImportController {
  constructor(
    private readonly auth: AuthService,
    private readonly setup: SetupService,
  ) {}

  @Post('import')
  @Roles('ADMIN')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: IMPORT_MAX_BYTES, files: 1 } }))
  async import(
    @Req() req: Request,
    @UploadedFile() file: UploadedCsv | undefined,
    @Query('dryRun') dryRun: string | undefined,
    @Query('hospitalCode') hospitalCode: string | undefined,
  ): Promise<ImportReportModel> {
    const { principal, error } = await this.auth.principalFromAuthorization(req.headers.authorization);
    if (!principal) throw refuse(401, 'UNAUTHENTICATED', error ?? 'Log in first: send "Authorization: Bearer <token>".');
    if (principal.mustChangePassword) throw refuse(403, 'FORBIDDEN', MUST_CHANGE_PASSWORD_MESSAGE);
    if (!principal.roles.includes('ADMIN')) throw refuse(403, 'FORBIDDEN', 'Only ADMIN imports beds.');
    if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false') throw refuse(400, 'BAD_USER_INPUT', 'dryRun must be true or false.');
    if (!file) throw refuse(400, 'BAD_USER_INPUT', 'Send the CSV as the multipart form field "file".');
    if (hospitalCode !== undefined && typeof hospitalCode !== 'string') throw refuse(400, 'BAD_USER_INPUT', 'Give hospitalCode once.');
    try {
      return await this.setup.importBeds(actorOf(principal, 'import'), hospitalCode, file.buffer.toString('utf8'), dryRun === 'true');
    } catch (err) {
      if (err instanceof AppError) {
        const { code: _code, ...details } = err.extensions;
        throw refuse(err.code === 'NOT_FOUND' ? 404 : err.code === 'DUPLICATE' ? 409 : 400, err.code, err.message, details);
      }
      throw err;
    }
  }
}
