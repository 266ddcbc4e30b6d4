import type { NestExpressApplication } from '@nestjs/platform-express';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { NextFunction, Request, Response } from 'express';
import { printSchema } from 'graphql';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppConfig } from './config/app-config';

/**
 * The browser pages built by `npm run build` into dist/web (web/build.mjs): the ward console at
 * /staf, the admin page at /admin, the fund screens at /dana and the GraphQL explorer. Paths from the working directory, like public/: jest loads this
 * file from the sources. Bundle names carry a content hash, so they are kept long; index.html
 * names the current ones and is checked every time.
 */
export function serveWebPages(app: NestExpressApplication, config: AppConfig): void {
  const built = resolve(process.cwd(), 'dist/web');
  const noCacheHtml = (res: Response, path: string) => {
    if (path.endsWith('.html')) res.setHeader('cache-control', 'no-cache');
  };
  // Static files answer GET and HEAD only: POST /admin/import stays the import route.
  for (const page of ['staf', 'admin', 'dana']) {
    app.useStaticAssets(resolve(built, page), { prefix: `/${page}/`, index: 'index.html', maxAge: '30d', immutable: true, setHeaders: noCacheHtml });
  }
  const explorer = config.env.GRAPHQL_EXPLORER ? config.env.GRAPHQL_EXPLORER === 'true' : !config.isProduction;
  if (!explorer) return;
  app.useStaticAssets(resolve(built, 'graphiql'), { prefix: '/graphiql/', index: false, maxAge: '30d', immutable: true, setHeaders: noCacheHtml });
  // The explorer reads the schema from here, not by an introspection query: that query is deeper
  // and costlier than the limits every client gets. Given only where introspection is allowed.
  const introspection = config.env.GRAPHQL_INTROSPECTION ? config.env.GRAPHQL_INTROSPECTION === 'true' : !config.isProduction;
  app.use('/graphiql/schema.graphql', (req: Request, res: Response, next: NextFunction) => {
    if (!introspection || req.method !== 'GET') return next();
    res.type('text/plain').setHeader('cache-control', 'no-cache');
    res.send(printSchema(app.get(GraphQLSchemaHost).schema));
  });
  const page = resolve(built, 'graphiql/index.html');
  // A browser opening /graphql (a GET asking for HTML, no query) gets the explorer; GraphQL
  // clients (POST, or GET with a query or asking for JSON) go on to Apollo.
  app.use('/graphql', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path !== '/' || req.query.query !== undefined || req.accepts(['application/json', 'text/html']) !== 'text/html')
      return next();
    if (!existsSync(page)) return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(page);
  });
}
