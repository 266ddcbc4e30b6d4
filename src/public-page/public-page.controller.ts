import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AvailabilityService } from '../availability/availability.service';
import { Public } from '../common/public.decorator';
import { AppConfig } from '../config/app-config';
import { HospitalsRepository } from '../hospitals/hospitals.repository';
import { escapeHtml, notModified, orderHospitals, parseKelas, renderPublicPage } from './public-page.render';

/**
 * The public page, rendered here from the hospital rows and the cached public counts, so the
 * first response already has the hotline and the numbers. Revalidated by ETag (and
 * Last-Modified): a phone that has the page gets a 304 of a few hundred bytes.
 */
@Public()
@Controller()
export class PublicPageController {
  constructor(
    private readonly hospitals: HospitalsRepository,
    private readonly availability: AvailabilityService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Every hospital of the city, the deployment's own first (HOME_HOSPITAL_CODE, else the first
   * created); `?kelas=ICU` shows only that class's beds; `?rs=<code>` (the older link) shows one.
   */
  @Get()
  async all(@Query('rs') rs: unknown, @Query('kelas') kelas: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (typeof rs === 'string' && rs !== '') return this.one(rs, kelas, req, res);
    const [hospitals, counts, home] = await Promise.all([this.hospitals.hospitals(), this.availability.cached({}), this.homeCode()]);
    this.send(
      req,
      res,
      renderPublicPage(orderHospitals(hospitals, home), counts, new Date(), {
        hospitalCode: hospitals.length === 1 ? hospitals[0].code : null,
        kelas: parseKelas(kelas),
        action: '/',
      }),
    );
  }

  @Get('rs/:code')
  async one(@Param('code') code: string, @Query('kelas') kelas: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const hospital = /^[A-Za-z0-9._-]{1,64}$/.test(code) ? await this.hospitals.hospitalByCode(code) : null;
    if (!hospital) {
      res
        .status(404)
        .type('html')
        .setHeader('cache-control', 'no-cache')
        .send(
          `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Rumah sakit tidak ditemukan</title><link rel="stylesheet" href="/style.css"></head>` +
            `<body><h1>Rumah sakit tidak ditemukan</h1><p>Tidak ada rumah sakit dengan kode ${escapeHtml(code)}. <a href="/">Lihat semua rumah sakit</a>.</p></body></html>`,
        );
      return;
    }
    const counts = await this.availability.cached({ hospitalCode: hospital.code });
    this.send(
      req,
      res,
      renderPublicPage([hospital], counts, new Date(), {
        hospitalCode: hospital.code,
        kelas: parseKelas(kelas),
        action: `/rs/${encodeURIComponent(hospital.code)}`,
      }),
    );
  }

  /** The configured home hospital when the service holds it, else the first created. */
  private async homeCode(): Promise<string | null> {
    const configured = this.config.env.HOME_HOSPITAL_CODE;
    if (configured && (await this.hospitals.hospitalByCode(configured))) return configured;
    return this.hospitals.firstCreatedCode();
  }

  private send(req: Request, res: Response, page: ReturnType<typeof renderPublicPage>): void {
    res.type('html');
    // Kept, but asked again every time: counts change by the minute.
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('etag', page.etag);
    if (page.lastModified) res.setHeader('last-modified', page.lastModified.toUTCString());
    if (notModified(req.headers['if-none-match'], req.headers['if-modified-since'], page.etag, page.lastModified)) {
      res.status(304).end();
      return;
    }
    res.status(200).send(page.html);
  }
}
