import { Logger, type LoggerService, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express } from 'express';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import proxyAddress from 'proxy-addr';
import { writeFile, mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { AuthService } from './auth/auth.service';
import { limitWebSocketInbound } from './limits/ws-inbound';
import { RateLimitService } from './limits/rate-limit.service';
import { requestIdMiddleware, requestIdOf } from './common/request-context';
import { securityHeaders, securityHeaderWriter } from './common/security-headers';
import { httpMetricsMiddleware, observeHttpRequest } from './health/http-metrics.middleware';
import { MetricsService } from './health/metrics.service';
import { AppConfig } from './config/app-config';
import { seedDatabase } from './database/seed';
import { serveWebPages } from './web-pages';
import { PublicAnswerCache } from './availability/public-answer-cache';
import { PublicAnswerFrontDoor } from './availability/public-answer-front-door';

/**
 * Builds the application (used by main and by the e2e tests): migrate, seed, admin. `extraModules`
 * join the service's own (tests add routes to show what the global guard does with them).
 */
export async function createApp(config: AppConfig, logger: LoggerService, extraModules: Type[] = []): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, extraModules), { logger, bodyParser: false });
  app.disable('x-powered-by');
  if (config.env.TRUST_PROXY > 0) app.set('trust proxy', config.env.TRUST_PROXY);
  const express = app.getHttpAdapter().getInstance() as Express;
  const metrics = app.get(MetricsService);
  const limits = app.get(RateLimitService);
  const auth = app.get(AuthService);
  const writeSecurityHeaders = securityHeaderWriter(config.isProduction);
  // A worker process serves no GraphQL, so it keeps no answers.
  const answers = config.env.ROLE !== 'worker' ? app.get(PublicAnswerCache) : null;
  const frontDoor =
    answers &&
    new PublicAnswerFrontDoor({
      answers,
      bodyLimitBytes: config.env.HTTP_BODY_LIMIT_KB * 1024,
      // The client's address as Express reads it (req.ip), behind the same proxies.
      admit: (req) => limits.admitAnonymous(req, proxyAddress(req, express.get('trust proxy fn') as (address: string, hop: number) => boolean)),
      prepare: (req, res) => {
        writeSecurityHeaders(res);
        res.setHeader('x-request-id', requestIdOf(req.headers));
        observeHttpRequest(metrics, 'POST', '/graphql', res);
      },
    });
  app.use(securityHeaders(writeSecurityHeaders));
  app.use(requestIdMiddleware);
  app.use(httpMetricsMiddleware(metrics));
  app.use(
    '/graphql',
    limits.anonymousMiddleware((authorization) => auth.hasVerifiedToken(authorization)),
  );
  app.use('/fhir', limits.fhirMiddleware);
  if (frontDoor) app.use('/graphql', frontDoor.bodyErrorMiddleware);
  app.useBodyParser('json', { limit: `${config.env.HTTP_BODY_LIMIT_KB}kb` });
  // Kept public answers of requests the front door did not read: after the limits and the body
  // parser, before the static-file layers and Nest's routing.
  if (answers) express.post('/graphql', answers.middleware);
  // The public page's script and stylesheet (the page itself is rendered at / by
  // PublicPageModule), and the graphql-ws browser client served from here, not a CDN (the
  // hospital's network may have none). Paths from the working directory: jest loads this file.
  app.useStaticAssets(resolve(process.cwd(), 'public'), { index: false, maxAge: '5m' });
  app.useStaticAssets(resolve(process.cwd(), 'node_modules/graphql-ws/umd'), { prefix: '/vendor/', maxAge: '1d' });
  serveWebPages(app, config);
  await app.init();
  if (frontDoor) {
    // Nest made the server with Express as its request listener; the front door goes before it.
    const server = app.getHttpServer() as Server;
    const listeners = server.listenerCount('request');
    server.removeListener('request', express);
    if (server.listenerCount('request') !== listeners - 1) throw new Error('the HTTP server does not have Express as its request listener');
    server.on('request', frontDoor.listener(express));
  }
  // Runs before the WebSocket server's own upgrade handling (registered during init).
  app.getHttpServer().prependListener('upgrade', limitWebSocketInbound('/graphql'));
  const log = new Logger('Startup');
  if (config.env.SEED_ON_START === 'true') await seedDatabase(app.get(DataSource), log);
  await ensureAdmin(auth, config, log);
  return app;
}

async function ensureAdmin(auth: AuthService, config: AppConfig, log: Logger): Promise<void> {
  const { ADMIN_USERNAME, ADMIN_PASSWORD, DATA_DIR } = config.env;
  if (ADMIN_USERNAME && ADMIN_PASSWORD) {
    await auth.ensureAdmin(ADMIN_USERNAME, ADMIN_PASSWORD);
    log.log(`admin ${JSON.stringify(ADMIN_USERNAME)} is ready (password from ADMIN_PASSWORD)`);
    return;
  }
  if (config.isProduction || (await auth.countUsers()) > 0) return;
  // First start of a local install: make an admin and keep its password beside the data.
  const password = randomBytes(12).toString('base64url');
  await mkdir(resolve(DATA_DIR), { recursive: true });
  const file = resolve(DATA_DIR, 'admin-password');
  await writeFile(file, password + '\n', { mode: 0o600 });
  await auth.ensureAdmin('admin', password);
  log.log(`created user "admin"; its password is in ${file}`);
}
