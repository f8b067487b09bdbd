import express, { Router, type RequestHandler } from 'express';
import helmet from 'helmet';
// The path helper alone: the package's main module also loads the 1.5 MB browser bundle into Node.
import getAbsoluteFSPath from 'swagger-ui-dist/absolute-path';
import { buildOpenApiDocument } from '../openapi';

/** The only files of swagger-ui-dist the page needs (its own index.html and initializer point at the petstore). */
const ASSETS = new Set([
  'swagger-ui-bundle.js',
  'swagger-ui-bundle.js.map',
  'swagger-ui.css',
  'swagger-ui.css.map',
  'index.css',
  'favicon-16x16.png',
  'favicon-32x32.png',
]);

/**
 * No inline script anywhere: helmet's default Content-Security-Policy (`script-src 'self'`,
 * `script-src-attr 'none'`) forbids it, so the page loads the bundle and this file, both same-origin.
 * `validatorUrl: null` keeps Swagger UI from loading a badge from validator.swagger.io (blocked by
 * `img-src 'self' data:`, and it would send the document's URL to a third party).
 */
const INIT_JS = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
});
`;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Huiying API · 呼应</title>
    <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
    <link rel="stylesheet" href="/docs/assets/index.css">
    <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" sizes="32x32">
    <link rel="icon" type="image/png" href="/docs/assets/favicon-16x16.png" sizes="16x16">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/assets/swagger-ui-bundle.js" charset="utf-8"></script>
    <script src="/docs/init.js"></script>
  </body>
</html>
`;

/**
 * The page's policy is helmet's default, except that `upgrade-insecure-requests` is dropped when
 * the page itself came over plain HTTP: otherwise a browser that honours it for the host (any
 * browser for a LAN address, Safari even for localhost) rewrites the same-origin asset and
 * /openapi.json URLs to https:// and the page stays blank. Behind TLS (`req.secure`, which
 * follows X-Forwarded-Proto per the app's `trust proxy`) the default stays as it is.
 */
const cspOverHttps = helmet.contentSecurityPolicy();
const cspOverHttp = helmet.contentSecurityPolicy({ directives: { upgradeInsecureRequests: null } });
const pagePolicy: RequestHandler = (req, res, next) => (req.secure ? cspOverHttps : cspOverHttp)(req, res, next);

/** GET /openapi.json (generated from the zod schemas) and GET /docs (Swagger UI). Public. */
export function docsRoutes(): Router {
  const router = Router();
  let documentJson: string | undefined;

  router.get('/openapi.json', (_req, res) => {
    documentJson ??= JSON.stringify(buildOpenApiDocument());
    res.type('application/json').send(documentJson);
  });

  router.get('/docs', pagePolicy, (_req, res) => {
    res.type('html').send(PAGE);
  });

  router.get('/docs/init.js', (_req, res) => {
    res.type('text/javascript').send(INIT_JS);
  });

  const assetDir = getAbsoluteFSPath();
  router.use(
    '/docs/assets',
    (req, _res, next) => (ASSETS.has(req.path.slice(1)) ? next() : next('router')),
    express.static(assetDir, { index: false, redirect: false, maxAge: '1h' }),
  );

  return router;
}
