import ELK from 'elkjs/lib/elk-api.js';
import workerUrl from 'elkjs/lib/elk-worker.min.js?url';
import { LAYOUT_OPTIONS, type ElkLike } from './layout.ts';

let instance: ElkLike | null = null;

/**
 * ELK runs in a web worker: laying out a dense map takes a few hundred milliseconds, during
 * which the sliders and the rest of the tab must stay responsive. The first call also lays out
 * a tiny graph with the map's options, so the worker's code is loaded and compiled while the
 * session and the map data are still on their way.
 */
export function browserElk(): ElkLike {
  if (instance) return instance;
  const elk = new ELK({ workerUrl });
  instance = elk;
  const node = (id: string) => ({ id, width: 120, height: 44 });
  void elk
    .layout({
      id: 'warm-up',
      layoutOptions: LAYOUT_OPTIONS,
      children: [node('a'), node('b'), node('c')],
      edges: [
        { id: 'ab', sources: ['a'], targets: ['b'], labels: [{ text: '1', width: 20, height: 16 }] },
        { id: 'bc', sources: ['b'], targets: ['c'], labels: [{ text: '1', width: 20, height: 16 }] },
        { id: 'ca', sources: ['c'], targets: ['a'], labels: [{ text: '1', width: 20, height: 16 }] },
      ],
    })
    .catch(() => undefined);
  return elk;
}
