import { ArgumentsHost, Catch, Controller, Get, HttpException, Logger, Param, Query, Req, Res, UseFilters, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isUuid } from '../common/validation';
import { AppConfig } from '../config/app-config';
import {
  capabilityStatement,
  FHIR_JSON,
  operationOutcome,
  parseLocationSearch,
  parseMeasureReportSearch,
  searchBundle,
  type Bundle,
  type CapabilityStatement,
  type Location,
  type Parsed,
  type Query as SearchQuery,
} from './fhir-resources';
import { FhirService } from './fhir.service';
import { Public } from '../common/public.decorator';

/** A refusal answered as an OperationOutcome with its HTTP status. */
class FhirError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Every error of the FHIR API is an OperationOutcome, in FHIR's content type. */
@Catch()
class FhirErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('FHIR');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    let status = 500;
    let body = operationOutcome('exception', 'Internal error; it has been logged.', 'fatal');
    if (exception instanceof FhirError) {
      status = exception.status;
      body = operationOutcome(exception.code, exception.message);
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      body = operationOutcome(status === 404 ? 'not-found' : 'processing', exception.message);
    } else {
      this.log.error(exception);
    }
    res.status(status).type(FHIR_JSON).send(JSON.stringify(body));
  }
}

function parsed<T>(p: Parsed<T>): T {
  if (!p.ok) throw new FhirError(400, 'invalid', p.message);
  return p.value;
}

/**
 * FHIR R4 read API: wards and beds as Location, bed capacity as MeasureReport. Public, like
 * the availability query: it carries ward and bed names and counts, never patient data.
 */
@Public()
@Controller('fhir')
@UseFilters(FhirErrorFilter)
export class FhirController {
  constructor(
    private readonly fhir: FhirService,
    private readonly config: AppConfig,
  ) {}

  @Get('metadata')
  metadata(@Res() res: Response): void {
    this.send(res, 200, capabilityStatement(this.base(), new Date()));
  }

  @Get('Location')
  async searchLocation(@Query() query: SearchQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    const locations = await this.fhir.searchLocations(parsed(parseLocationSearch(query)));
    this.send(res, 200, searchBundle(this.selfUrl(req), this.base(), locations));
  }

  @Get('Location/:id')
  async readLocation(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const location: Location | null = isUuid(id) ? await this.fhir.location(id.toLowerCase()) : null;
    if (!location) throw new FhirError(404, 'not-found', `Location/${id} does not exist.`);
    this.send(res, 200, location);
  }

  @Get('MeasureReport')
  async searchMeasureReport(@Query() query: SearchQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    const now = new Date();
    const search = parsed(parseMeasureReportSearch(query, now));
    const reports = await this.fhir.measureReports(`${this.base()}/Measure/bed-capacity`, search, now);
    this.send(res, 200, searchBundle(this.selfUrl(req), this.base(), reports));
  }

  /** Any other resource type: this server has none, and never serves patients. */
  @Get([':type', ':type/:id'])
  unsupported(@Param('type') type: string): never {
    throw new FhirError(404, 'not-supported', `This server serves Location and MeasureReport only, not ${type}; see /fhir/metadata.`);
  }

  /** Links come from PUBLIC_BASE_URL, never from the request's Host header, which the caller chooses. */
  private base(): string {
    return `${this.publicBase()}/fhir`;
  }

  private selfUrl(req: Request): string {
    return `${this.publicBase()}${req.originalUrl}`;
  }

  private publicBase(): string {
    // Always set after loadEnvironment: required in production, defaulted elsewhere.
    return this.config.env.PUBLIC_BASE_URL ?? `http://localhost:${this.config.env.PORT}`;
  }

  private send(res: Response, status: number, body: Location | Bundle | CapabilityStatement): void {
    res.status(status).type(FHIR_JSON).send(JSON.stringify(body));
  }
}
