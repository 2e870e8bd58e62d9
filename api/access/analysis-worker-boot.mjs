// Worker threads do not inherit tsx's loader hooks (Node 20): register them here, then load
// the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./analysis-worker.ts');
