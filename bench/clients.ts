import type { Role } from '../api/auth/roles.ts';
import { SAMPLE_ORGANISATION } from '../api/sample/generator.ts';

/** Deterministic, so runs ask the same things in the same order: mulberry32. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The load's clients: people of the sample organisation (every collector, every manager), then executives. */
export function people(n: number): { user: string; role: Role; scope: string }[] {
  const list: { user: string; role: Role; scope: string }[] = [
    ...SAMPLE_ORGANISATION.collectors.map((c) => ({ user: c.name, role: 'collector' as Role, scope: `c:${c.name}` })),
    ...SAMPLE_ORGANISATION.teams.map((t) => ({ user: t.manager, role: 'manager' as Role, scope: `m:${t.name}` })),
  ];
  for (let i = 0; list.length < n; i++) list.push({ user: `Executive ${i + 1}`, role: 'executive', scope: 'all' });
  return list.slice(0, n);
}
