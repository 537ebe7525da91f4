import type { Health, HealthInput } from './classify';

/**
 * What sits above a number in Meta's `health_status.entities`: its business portfolio, its WABA and the
 * app. When one of them is LIMITED or BLOCKED, every number under it is, for the same reason: the reason
 * belongs to that entity (shown once on its group) and the numbers only say who limits them.
 */
export const PARENT_ENTITIES: ReadonlySet<string> = new Set(['BUSINESS', 'WABA', 'APP']);

type Entity = NonNullable<NonNullable<NonNullable<HealthInput['health_status']>['entities']>>[number];

/** An entity above the number that cannot send freely, as Meta described it. */
export interface EntityProblem {
  type: string;
  id?: string;
  /** `LIMITED` or `BLOCKED` (Meta's value, upper case). */
  canSend: string;
  errors: Array<{ code?: number; description?: string; solution?: string }>;
  info: string[];
}

/** Meta's enum value in upper case (`limited` -> `LIMITED`), undefined when absent or empty. */
export const upper = (v: string | null | undefined): string | undefined => (typeof v === 'string' && v ? v.toUpperCase() : undefined);

/** Meta's calling errors (1380xx: SIP calling not configured, ...) say nothing about messages. */
export const isCallingError = (code: number | null | undefined): boolean => typeof code === 'number' && code >= 138000 && code < 139000;

/** A LIMITED or BLOCKED messaging state of one entity (BLOCKED for calls alone is not one). */
export function messagingState(entity: Entity): 'LIMITED' | 'BLOCKED' | undefined {
  const canSend = upper(entity.can_send_message);
  return canSend === 'LIMITED' || canSend === 'BLOCKED' ? canSend : undefined;
}

/**
 * The problems of the entities above the numbers read (one per entity type and id, the first report
 * wins): what a WABA's group and its portfolio show, and what is announced once.
 */
export function parentProblems(statuses: Iterable<HealthInput['health_status'] | undefined>): EntityProblem[] {
  const out = new Map<string, EntityProblem>();
  for (const status of statuses) {
    for (const e of status?.entities ?? []) {
      const type = upper(e.entity_type);
      const canSend = messagingState(e);
      if (!type || !PARENT_ENTITIES.has(type) || !canSend) continue;
      const key = `${type}:${e.id ?? ''}`;
      if (out.has(key)) continue;
      out.set(key, {
        type,
        ...(e.id ? { id: e.id } : {}),
        canSend,
        errors: (e.errors ?? [])
          .filter((err) => !isCallingError(err.error_code))
          .map((err) => ({
            ...(err.error_code != null ? { code: err.error_code } : {}),
            ...(err.error_description ? { description: err.error_description } : {}),
            ...(err.possible_solution ? { solution: err.possible_solution } : {}),
          })),
        info: [...(e.additional_info ?? [])],
      });
    }
  }
  return [...out.values()];
}

/** The same problem as before (same entity, state and codes): not announced again. */
export const problemKey = (p: EntityProblem): string =>
  `${p.type}:${p.id ?? ''}:${p.canSend}:${p.errors.map((e) => e.code ?? '').join(',')}`;

/** How a problem weighs in its group's health: BLOCKED stops messages, LIMITED needs attention. */
export const problemHealth = (p: Pick<EntityProblem, 'canSend'>): Health => (p.canSend === 'BLOCKED' ? 'blocked' : 'attention');
