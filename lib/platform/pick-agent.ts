/**
 * Chooses the agent for a new session: among the connected, approved candidates, the one running
 * the fewest sessions; ties go to the smallest id so the choice is deterministic.
 */
export function pickAgent(
  candidates: { id: string }[],
  activeSessions: Map<string, number>,
): string | undefined {
  let best: { id: string; load: number } | undefined;
  for (const { id } of candidates) {
    const load = activeSessions.get(id) ?? 0;
    if (!best || load < best.load || (load === best.load && id < best.id)) best = { id, load };
  }
  return best?.id;
}
