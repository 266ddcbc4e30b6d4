import { Controller, Get, HttpException, Logger, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { AppError } from '../common/error-codes';
import { Public } from '../common/public.decorator';
import { isUuid } from '../common/validation';
import { ClaimDocumentsService } from './claim-documents.service';
import { MAX_DOCUMENT_BYTES } from './document-type';
import { LedgerExportsService } from './ledger-exports.service';
import { LedgerSigningKey } from './ledger-signing-key';

const refuse = (status: number, code: string, message: string) => new HttpException({ code, message }, status);

const STATUS_OF: Record<string, number> = { BAD_USER_INPUT: 400, NOT_FOUND: 404, FORBIDDEN: 403, UNAUTHENTICATED: 401 };

/**
 * The ledger's files over HTTP: the seal public key (public), the journal export for the
 * offline verifier, and evidence documents (upload as the raw body, download).
 */
@Controller('ledger')
export class LedgerFilesController {
  private readonly log = new Logger(LedgerFilesController.name);

  constructor(
    private readonly exports: LedgerExportsService,
    private readonly documents: ClaimDocumentsService,
    private readonly key: LedgerSigningKey,
  ) {}

  /** The Ed25519 public key the seals verify with (PEM), for `npm run ledger:verify -- --public-key`. */
  @Public()
  @Get('public-key')
  publicKey(@Res() res: Response): void {
    res.status(200).type('text/plain; charset=utf-8').setHeader('cache-control', 'no-cache');
    res.send(this.key.publicKeyPem);
  }

  /** `GET /ledger/export.jsonl?fundId=`: the journal with lines, document hashes and seals, streamed. */
  @Roles('AUDITOR', 'FINANCE')
  @Get('export.jsonl')
  async exportJournal(@CurrentUser() principal: Principal, @Res() res: Response, @Query('fundId') fundId: unknown): Promise<void> {
    if (fundId !== undefined && (typeof fundId !== 'string' || !isUuid(fundId))) throw refuse(400, 'BAD_USER_INPUT', 'fundId must be a UUID.');
    res.status(200).type('application/x-ndjson; charset=utf-8');
    res.setHeader('content-disposition', 'attachment; filename="ledger-export.jsonl"');
    res.setHeader('cache-control', 'no-store');
    try {
      const records = await this.exports.writeJournal(res, fundId as string | undefined);
      res.end();
      this.log.log({ msg: 'journal exported', records, by: principal.username });
    } catch (err) {
      this.log.error({ msg: 'journal export failed', error: (err as Error).message });
      res.destroy(err as Error);
    }
  }

  /**
   * `POST /ledger/claims/{id}/documents?fileName=…` with the file as the raw body (any
   * content-type but JSON; the type is told from the content): the submitter attaches a PDF,
   * JPEG or PNG of at most 5 MB. Answers the document's metadata as JSON.
   */
  @Roles('ADMISSIONS')
  @Post('claims/:id/documents')
  async upload(
    @CurrentUser() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
    @Query('fileName') fileName: unknown,
  ): Promise<void> {
    if (!isUuid(id)) throw refuse(400, 'BAD_USER_INPUT', 'The claim id must be a UUID.');
    if (typeof fileName !== 'string') throw refuse(400, 'BAD_USER_INPUT', 'fileName must be given once.');
    const content = await readBody(req, MAX_DOCUMENT_BYTES);
    try {
      const doc = await this.documents.attach(principal, id, fileName, content);
      res.status(201).json(doc);
    } catch (err) {
      if (err instanceof AppError) throw refuse(STATUS_OF[err.code] ?? 409, err.code, err.message);
      throw err;
    }
  }

  @Roles('VERIFIER', 'FINANCE', 'AUDITOR')
  @Get('documents/:id')
  async download(@Res() res: Response, @Param('id') id: string): Promise<void> {
    if (!isUuid(id)) throw refuse(400, 'BAD_USER_INPUT', 'The document id must be a UUID.');
    try {
      const { document, content } = await this.documents.content(id);
      res.status(200).type(document.mediaType);
      res.setHeader('content-disposition', `attachment; filename="${encodeURIComponent(document.fileName)}"`);
      res.setHeader('x-content-sha256', document.sha256);
      res.setHeader('cache-control', 'no-store');
      res.send(content);
    } catch (err) {
      if (err instanceof AppError) throw refuse(STATUS_OF[err.code] ?? 409, err.code, err.message);
      throw err;
    }
  }
}

/** The raw request body, refused with 413 past `limit` bytes without reading the rest. */
async function readBody(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) throw refuse(413, 'BAD_USER_INPUT', `The document is ${declared} bytes; at most ${limit} (5 MB) are allowed.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw refuse(413, 'BAD_USER_INPUT', `The document is more than ${limit} bytes (5 MB); that is the most allowed.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
