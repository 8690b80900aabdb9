/**
 * The HTTP app as a function of its dependencies: `createApp({ store, analyzer, config })` gives a
 * Hono app whose `fetch` answers requests (tests call it in-process; `startServer` puts it on a
 * port). Every 4xx/5xx is JSON `{error: {code, message}}`; no stack reaches a client.
 *
 * Routes come in modules (`ROUTE_MODULES`): a new feature (stories) is one more module.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { timeout } from 'hono/timeout';
import { HTTPException } from 'hono/http-exception';
import { DEFAULT_CONFIG, isLoopbackHost, type AppContext, type AppDeps, type RouteModule } from './context.js';
import { ApiError, errorBody, sendError, toApiError } from './errors.js';
import { analyzeRoutes } from './routes/analyze.js';
import { documentRoutes } from './routes/documents.js';
import { entityRoutes } from './routes/entities.js';
import { exportRoutes } from './routes/export.js';
import { searchRoutes } from './routes/search.js';
import { metaRoutes } from './routes/meta.js';
import { serveWeb } from './static.js';
import { storyRoutes } from './routes/stories.js';
import { EventHub } from './events.js';
import { WriteQueue } from './writes.js';

/** The API's route modules, in order. */
export const ROUTE_MODULES: readonly RouteModule[] = [metaRoutes, analyzeRoutes, documentRoutes, searchRoutes, entityRoutes, exportRoutes, storyRoutes];

/** Methods that change the store; they need the token when there is one. */
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** POST routes that only read (analysis on the spot stores nothing). */
const READ_POSTS = new Set(['/api/analyze']);

/** Refused configurations, said plainly (the CLI turns this into its usage error). */
export class ServerConfigError extends Error {
  override name = 'ServerConfigError';
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

export function createApp(deps: AppDeps, modules: readonly RouteModule[] = ROUTE_MODULES): OpenAPIHono {
  const config = { ...DEFAULT_CONFIG, ...(deps.config ?? {}) };
  if (!isLoopbackHost(config.host) && !config.token) {
    throw new ServerConfigError(`listening on ${config.host} (beyond this machine) needs a token for writes: set SAKSI_TOKEN`);
  }
  const ctx: AppContext = {
    store: deps.store,
    analyzer: deps.analyzer,
    config,
    log: deps.log ?? ((m) => process.stderr.write(`${m}\n`)),
    events: deps.events ?? new EventHub(),
    writes: deps.writes ?? new WriteQueue(),
  };

  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
        return c.json(errorBody('invalid-request', `${result.target === 'json' ? 'body' : result.target} ${where}${issue?.message ?? 'invalid'}`), 400);
      }
      return undefined;
    },
  });

  app.onError((err, c) => sendError(c, toApiError(err, ctx.log)));
  app.notFound((c) => c.json(errorBody('not-found', `no such route: ${c.req.method} ${c.req.path}`), 404));

  // Bound to loopback, answer only requests addressed to loopback: a web page whose name an attacker
  // points at 127.0.0.1 (DNS rebinding) cannot read or write through the user's browser.
  if (isLoopbackHost(config.host)) {
    app.use('*', async (c, next) => {
      // The node adapter builds the request URL from the Host header.
      const host = new URL(c.req.url).hostname;
      if (!isLoopbackHost(host)) {
        throw new ApiError(403, 'forbidden-host', `this server answers only to loopback names, not ${host}`);
      }
      await next();
    });
  }

  app.use('/api/*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    await next();
  });

  // The token rule: writes need `Authorization: Bearer <SAKSI_TOKEN>` whenever a token is set (and
  // one must be set beyond loopback).
  if (config.token) {
    const want = digest(config.token);
    app.use('/api/*', async (c, next) => {
      if (WRITE_METHODS.has(c.req.method) && !READ_POSTS.has(c.req.path)) {
        const header = c.req.header('authorization') ?? '';
        const m = /^Bearer\s+(.+)$/i.exec(header);
        if (!m || !timingSafeEqual(digest(m[1]!.trim()), want)) {
          c.header('WWW-Authenticate', 'Bearer');
          throw new ApiError(401, 'unauthorized', m ? 'wrong token' : 'writes need a bearer token (Authorization: Bearer $SAKSI_TOKEN)');
        }
      }
      await next();
    });
  }

  app.use(
    '/api/*',
    bodyLimit({
      maxSize: config.maxBodyBytes,
      onError: (c) => c.json(errorBody('body-too-large', `the request body is larger than ${config.maxBodyBytes} bytes`), 413),
    }),
  );
  app.use('/api/*', async (c, next) => {
    if (c.req.method === 'POST' && !/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
      throw new ApiError(415, 'unsupported-media-type', 'send the body as application/json');
    }
    await next();
  });
  app.use('/api/*', async (c, next) => {
    // Streams (exports, server-sent events) run without the request deadline.
    if (c.req.path === '/api/export' || c.req.path === '/api/events') return next();
    return timeout(config.requestTimeoutMs, () => new HTTPException(503, { message: `the request took longer than ${config.requestTimeoutMs} ms`, cause: 'timeout' }))(c, next);
  });

  for (const register of modules) register(app, ctx);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'SAKSI_TOKEN, for writes' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'saksi', version: '0.1.0', description: 'Reads news the way a fact-checker does. Errors are {error: {code, message}}.' },
  });

  if (config.webRoot) serveWeb(app, config.webRoot);
  return app;
}
