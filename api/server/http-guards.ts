import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { AuthConfig } from '../auth/auth-config.ts';
import { sendProblem } from './problem.ts';

/**
 * The HTTP basics every response gets: security headers, CORS (closed unless CORS_ORIGINS lists
 * origins), and rate limits (requests presenting bad tokens per client address; uploads per user).
 * No dependency: a small token bucket per key, in memory (one process serves the API).
 */

/** Token buckets per key: `capacity` requests at once, refilled at `capacity` per `windowMs`. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly capacity: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    /** Keys remembered at most (oldest dropped): an attacker cycling addresses cannot grow the map. */
    private readonly maxKeys = 10_000,
  ) {}

  private level(key: string): { tokens: number; at: number } {
    const now = this.now();
    const bucket = this.buckets.get(key);
    if (!bucket) return { tokens: this.capacity, at: now };
    const refilled = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) * this.capacity) / this.windowMs);
    return { tokens: refilled, at: now };
  }

  /** Whether a request may go now (without taking a token). */
  allows(key: string): boolean {
    return this.level(key).tokens >= 1;
  }

  /** Takes a token; false when there is none left. */
  take(key: string): boolean {
    const bucket = this.level(key);
    const ok = bucket.tokens >= 1;
    if (ok) bucket.tokens -= 1;
    this.buckets.delete(key);
    // A full bucket is the default: no need to remember it.
    if (bucket.tokens < this.capacity) {
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
      this.buckets.set(key, bucket);
    }
    return ok;
  }

  /** Seconds until the next token (for Retry-After), at least 1. */
  retryAfterSeconds(key: string): number {
    const missing = 1 - this.level(key).tokens;
    return Math.max(1, Math.ceil((missing * this.windowMs) / this.capacity / 1000));
  }
}

export function tooManyRequests(res: Response, retryAfter: number, detail: string): void {
  res.setHeader('Retry-After', String(retryAfter));
  sendProblem(res, 429, 'rate-limited', 'Too many requests', detail);
}

/**
 * nosniff, a referrer policy, HSTS on https (as Express sees it: TRUST_PROXY for a proxy's
 * X-Forwarded-Proto), and for /api a CSP that lets nothing load and nobody frame it. The tab's
 * own CSP is set where it is served (static-tab.ts).
 */
export function securityHeaders(): RequestHandler {
  return (req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if (req.path === '/api' || req.path.startsWith('/api/')) {
      res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
      res.setHeader('X-Frame-Options', 'DENY');
    }
    next();
  };
}

const CORS_HEADERS = 'Authorization, Content-Type, If-None-Match, X-Request-Id';
const CORS_EXPOSED = 'ETag, Location, Retry-After, X-Request-Id, X-Export-Schema';

/**
 * CORS: closed (no Access-Control-Allow-Origin at all) unless CORS_ORIGINS lists the origin.
 * The tab is served by this process (same origin) and needs none. Bearer tokens, no cookies:
 * credentials are never allowed.
 */
export function cors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.get('origin');
    if (!origin || !allowed.has(origin)) {
      next();
      return;
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.append('Vary', 'Origin');
    if (req.method === 'OPTIONS' && req.get('access-control-request-method')) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE');
      res.setHeader('Access-Control-Allow-Headers', CORS_HEADERS);
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    res.setHeader('Access-Control-Expose-Headers', CORS_EXPOSED);
    next();
  };
}

const KNOWN_TOKENS = 4096;

/**
 * Failed authentication, per client address: every 401 answered to a request that presented
 * an Authorization header takes a token from the address's bucket. With the bucket empty, a
 * request presenting a credential is answered 429 before its signature is checked, unless the
 * token already passed here (a user behind the same address keeps working). Requests with no
 * credential at all are not limited: they cost nothing and learn nothing.
 */
export function authFailureLimit(buckets: TokenBuckets): RequestHandler {
  const known = new Set<string>();
  const digest = (header: string) => createHash('sha256').update(header).digest('base64url');
  return (req, res, next) => {
    const header = req.get('authorization');
    if (!header) {
      next();
      return;
    }
    const key = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const hash = digest(header);
    if (!buckets.allows(key) && !known.has(hash)) {
      tooManyRequests(res, buckets.retryAfterSeconds(key), 'Too many requests with a token that is not valid came from your address; wait before trying again.');
      return;
    }
    res.on('finish', () => {
      if (res.statusCode === 401) {
        buckets.take(key);
      } else if (res.locals.identity) {
        known.delete(hash);
        if (known.size >= KNOWN_TOKENS) known.delete(known.values().next().value!);
        known.add(hash);
      }
    });
    next();
  };
}

/**
 * The auth-params of a 401's Bearer challenge with Entra ID: where to sign in and for which
 * resource, as Power Query's Organizational-account sign-in (Power BI service refresh) discovers
 * them. resource_id is the first audience that is an http(s) URL (the API's base URL registered as
 * an identifier URI), else the first api:// one. Local mode has none.
 */
export function bearerChallenge(auth: AuthConfig): string | null {
  if (auth.mode !== 'entra') return null;
  const resource = auth.audiences.find((a) => /^https?:\/\//i.test(a)) ?? auth.audiences.find((a) => a.startsWith('api://')) ?? `api://${auth.clientId}`;
  return `authorization_uri="${auth.authorityHost}/${auth.tenantId}/oauth2/authorize", resource_id="${resource}"`;
}
