// The programs this page has seen, by id, so a feed item or a refreshed card can show one without asking again.
import { api, Program } from './api';

const known = new Map<string, Program>();
const listeners: ((program: Program) => void)[] = [];

export function remember(program: Program): Program {
  known.set(program.id, program);
  return program;
}

export function cached(id: string): Program | undefined {
  return known.get(id);
}

export async function load(id: string): Promise<Program> {
  return known.get(id) ?? remember(await api.program(id));
}

/** Reads a program again (after hiding or restoring it) and tells every view showing it. */
export async function refresh(id: string): Promise<Program> {
  const program = remember(await api.program(id));
  listeners.forEach(listener => listener(program));
  return program;
}

export function onProgramChanged(listener: (program: Program) => void): void {
  listeners.push(listener);
}

/** Forgets the views of a signed-out page. */
export function forgetListeners(): void {
  listeners.length = 0;
}
