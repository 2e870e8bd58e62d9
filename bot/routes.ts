import express, { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { AccessService } from '../api/access/index.ts';
import { listLedger, reviewHeld } from '../api/adapters/store/digest-ledger.ts';
import type { KeySource } from '../api/auth/key-source.ts';
import { bearerToken, verifyToken } from '../api/auth/verify.ts';
import { HttpProblem } from '../api/server/problem.ts';
import { messagesHandler } from './framework.ts';
import type { BotRuntime } from './runtime.ts';

const runBody = z.object({ collector: z.string().trim().min(1).max(200).optional() }).strict();
const ledgerQuery = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  status: z.enum(['planned', 'sending', 'sent', 'skipped', 'failed', 'held']).optional(),
});
const reviewBody = z
  .object({
    kind: z.enum(['collector', 'manager']),
    recipient: z.string().min(1),
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    decision: z.enum(['resend', 'delivered']),
  })
  .strict();

/**
 * An activity must be a JSON object with a type, a serviceUrl and a conversation id (every
 * activity the Bot Connector sends has them); anything else is the caller's mistake, 400, before
 * the SDK sees it (which would answer 500 or plain text).
 */
const activityShape: RequestHandler = (req, _res, next) => {
  const body = req.body as Record<string, unknown> | undefined;
  const text = (value: unknown) => typeof value === 'string' && value.trim() !== '';
  const valid =
    body !== null &&
    typeof body === 'object' &&
    !Array.isArray(body) &&
    text(body.type) &&
    text(body.serviceUrl) &&
    typeof body.conversation === 'object' &&
    body.conversation !== null &&
    text((body.conversation as Record<string, unknown>).id);
  if (!valid) {
    throw new HttpProblem(400, 'invalid-activity', 'Invalid activity', 'The body must be a Bot Framework activity (JSON, application/json) with type, serviceUrl and conversation.id.');
  }
  next();
};

/**
 * The bot's HTTP surface, mounted under /api ahead of the API's bearer check (Bot Framework
 * requests carry the Bot Connector's token, which the adapter checks, or none in local mode):
 *
 *   POST /api/messages                 Bot Framework activities
 *   POST /api/admin/digests/run        {"collector": NAME} or {} : run now; what was sent, skipped, failed, held
 *   GET  /api/admin/digests            ?day=YYYY-MM-DD&status=held : the ledger, held digests first
 *   POST /api/admin/digests/review     a held digest: {"kind","recipient","day","decision":"resend"|"delivered"}
 *
 * The admin routes need an API bearer token with the executive role, checked here by the API's
 * own verifyToken and access rules.
 */
export function botRouter(runtime: BotRuntime, auth: { keys: KeySource; access: AccessService }): Router {
  const router = Router();
  router.post('/messages', express.json({ limit: '1mb' }), activityShape, messagesHandler(runtime.adapter, runtime.bot.onTurn));

  const executive: RequestHandler = async (req, res, next) => {
    const principal = await verifyToken(bearerToken(req.get('authorization')), auth.keys);
    const identity = auth.access.identify(principal);
    if (identity.role !== 'executive') throw new HttpProblem(403, 'forbidden', 'Not allowed', `This needs the executive role; you are signed in as ${identity.role}.`);
    res.locals.identity = identity;
    next();
  };
  const admin = Router();
  admin.use(express.json({ limit: '64kb' }), executive);
  admin.post('/run', async (req, res) => {
    const body = runBody.parse(req.body ?? {});
    res.json(await runtime.run({ trigger: 'admin', person: body.collector }));
  });
  admin.get('/', async (req, res) => {
    const query = ledgerQuery.parse(req.query);
    const entries = await listLedger(runtime.deps.store, query);
    res.json({ held: entries.filter((e) => e.status === 'held'), entries });
  });
  admin.post('/review', async (req, res) => {
    const body = reviewBody.parse(req.body);
    const by = (res.locals.identity?.principal?.name as string | undefined) ?? 'an administrator';
    const entry = await reviewHeld(runtime.deps.store, { kind: body.kind, recipient: body.recipient, day: body.day }, body.decision, by);
    if (!entry) throw new HttpProblem(404, 'not-held', 'Not held', 'There is no held digest for this recipient and day.');
    const report = body.decision === 'resend' ? await runtime.run({ trigger: 'admin', person: body.recipient }) : null;
    res.json({ entry, report });
  });
  router.use('/admin/digests', admin);
  return router;
}
