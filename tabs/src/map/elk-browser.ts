import ELK from 'elkjs/lib/elk-api.js';
import workerUrl from 'elkjs/lib/elk-worker.min.js?url';
import type { ElkLike } from './layout.ts';

let instance: ElkLike | null = null;

/**
 * ELK runs in a web worker: laying out a dense map takes a few hundred milliseconds, during
 * which the sliders and the rest of the tab must stay responsive.
 */
export function browserElk(): ElkLike {
  instance ??= new ELK({ workerUrl });
  return instance;
}
