/**
 * The worklist (open invoices with days overdue, next required step, priority, predicted pay
 * date) is not in the engine facade yet; this is the one place the bot reaches into it, so the
 * import moves to api/engine/index.ts in one line when the facade exports it.
 */
export { buildWorklist, type Worklist, type WorklistItem } from '../../api/engine/worklist/index.ts';
