import type { Express } from 'express';
import { listRoutes } from '../listRoutes.js';

/**
 * A lookup from a request path to the methods its route answers, built from the
 * app's own router stack (as the OpenAPI check is), so that it cannot drift from
 * the routes. Read once, on first use: routes are all mounted by then.
 */
export function allowedMethods(app: Express): (path: string) => string[] {
  let routes: { pattern: RegExp; method: string }[] | undefined;
  return (path) => {
    routes ??= listRoutes(app).map((r) => ({ pattern: routePattern(r.path), method: r.method }));
    const methods = new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method));
    // express answers HEAD wherever it answers GET.
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
}

function routePattern(openApiPath: string): RegExp {
  const escaped = openApiPath
    .split(/\{\w+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  // express matches with or without a trailing slash.
  return new RegExp(`^${escaped}/?$`);
}
