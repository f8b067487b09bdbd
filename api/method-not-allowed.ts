import type { Express, RequestHandler } from 'express';
import { HttpError } from './errors';

/**
 * The parts of the express 5 router (`router` 2.x) this module reads: route layers know their
 * path matchers and methods; a router mounted at the root keeps its own layer stack.
 */
interface RouteLayer {
  matchers: ((path: string) => unknown)[];
  route: { methods: Record<string, boolean> };
}
interface StackHolder {
  stack: unknown[];
}
interface MountLayer {
  slash: boolean;
  handle: StackHolder;
}

const isRouteLayer = (l: unknown): l is RouteLayer => {
  const layer = l as Partial<RouteLayer> | null;
  return !!layer && Array.isArray(layer.matchers) && !!layer.route && typeof layer.route.methods === 'object';
};
const isRootMount = (l: unknown): l is MountLayer => {
  const layer = l as Partial<MountLayer> | null;
  return !!layer && layer.slash === true && !!layer.handle && Array.isArray(layer.handle.stack);
};

/** Every route of the app: its matchers and methods (routers mounted with a path prefix hold no routes here). */
function routesOf(stack: unknown[]): RouteLayer[] {
  return stack.flatMap((layer) => (isRouteLayer(layer) ? [layer] : isRootMount(layer) ? routesOf(layer.handle.stack) : []));
}

/** The methods the app serves at a path (HEAD with GET, as express does), sorted; empty: no route. */
export function methodsAt(routes: RouteLayer[], path: string): string[] {
  const methods = new Set<string>();
  for (const layer of routes) {
    if (!layer.matchers.some((match) => match(path))) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') methods.add(method.toUpperCase());
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}

/**
 * Before the 404 route: a path that exists under other methods answers 405 with `Allow`
 * (TRACE /v1/units), as HTTP asks. The route table is read once, at the first such call.
 */
export function methodNotAllowed(app: Express): RequestHandler {
  let routes: RouteLayer[] | undefined;
  return (req, res, next) => {
    routes ??= routesOf(app.router.stack);
    const allowed = methodsAt(routes, req.path);
    if (!allowed.length) return next();
    res.setHeader('Allow', allowed.join(', '));
    next(new HttpError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not served at ${req.path}`, { allowedMethods: allowed }));
  };
}
