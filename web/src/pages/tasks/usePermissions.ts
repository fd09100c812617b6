import { useEffect, useMemo, useState } from 'react';
import { api, getJson, type OrgUnit } from '../../api/client';
import { useSession } from '../../auth/session';
import type { TaskSummary } from './api';
import { allowedAt, unitsAllowing } from './model';

export interface TaskPermissions {
  manage: boolean;
  report: boolean;
  review: boolean;
  /** Reads the assigning unit's records, so (usually) the parent task it leads. */
  readAssigner: boolean;
}

const NONE: TaskPermissions = { manage: false, report: false, review: false, readAssigner: false };

/** Units already fetched, by code (their parents do not change while the app runs). */
const units = new Map<string, OrgUnit>();

/** The codes from the nation down to the unit. */
async function chainOf(code: string, signal: AbortSignal): Promise<string[]> {
  const chain: string[] = [];
  let next: string | null = code;
  while (next) {
    let unit = units.get(next);
    if (!unit) {
      unit = await getJson<OrgUnit>(api.orgUnit(next), signal);
      units.set(next, unit);
    }
    chain.unshift(unit.code);
    next = unit.parentCode;
  }
  return chain;
}

/** The chains of several units (null while loading). */
function useChains(codes: readonly string[]): Map<string, string[]> | null {
  const key = codes.join(',');
  const [state, setState] = useState<{ key: string; chains: Map<string, string[]> } | null>(null);
  useEffect(() => {
    if (key === '') return;
    const controller = new AbortController();
    const list = key.split(',');
    Promise.all(list.map((code) => chainOf(code, controller.signal))).then(
      (chains) => setState({ key, chains: new Map(list.map((code, i) => [code, chains[i]!])) }),
      // Unknown units: nothing is offered; the server would refuse anyway.
      () => {
        if (!controller.signal.aborted) setState({ key, chains: new Map() });
      },
    );
    return () => controller.abort();
  }, [key]);
  return state?.key === key ? state.chains : null;
}

/**
 * What the signed-in user may do to a task: their grants against the lead
 * unit's chain up to the nation (roles cover their subtree); reporting also
 * for a participating unit. Only for showing buttons; the server checks.
 */
export function useTaskPermissions(
  task: Pick<TaskSummary, 'leadUnit' | 'participants' | 'assignedBy'> | undefined,
): TaskPermissions {
  const { user } = useSession();
  const lead = task?.leadUnit.code;
  const assigner = task?.assignedBy.code;
  const participantKey = task?.participants.map((p) => p.code).join(',') ?? '';
  const participants = useMemo(
    () => (participantKey ? participantKey.split(',') : []),
    [participantKey],
  );
  const codes = useMemo(
    () => (user && lead && assigner ? [...new Set([lead, assigner, ...participants])] : []),
    [user, lead, assigner, participants],
  );
  const chains = useChains(codes);
  return useMemo(() => {
    if (!user || !chains || !lead || !assigner) return NONE;
    const leadChain = chains.get(lead) ?? [];
    const reportChains = [lead, ...participants].map((code) => chains.get(code) ?? []);
    return {
      manage: allowedAt(user.roles, 'task:manage', leadChain),
      report: reportChains.some((chain) => allowedAt(user.roles, 'task:report', chain)),
      review: allowedAt(user.roles, 'task:review', leadChain),
      readAssigner: allowedAt(user.roles, 'read:unpublished', chains.get(assigner) ?? []),
    };
  }, [user, chains, lead, assigner, participants]);
}

/** The units where the user may create and assign tasks (each covers its subtree). */
export function useManagedUnits(): string[] {
  const { user } = useSession();
  return useMemo(() => (user ? unitsAllowing(user.roles, 'task:manage') : []), [user]);
}
