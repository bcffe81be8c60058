// Reordering a page's layout (ordered slots: a group with its components, or ungrouped components),
// shared by the editor's move buttons (server) and its drag and drop (browser).

/** One slot of a page's order: a group (or, with `groupId` null, ungrouped components). */
export interface LayoutSlot {
  groupId: string | null;
  componentIds: string[];
}

const copy = (layout: readonly LayoutSlot[]): LayoutSlot[] =>
  layout.map((slot) => ({ groupId: slot.groupId, componentIds: [...slot.componentIds] }));

/**
 * Moves a component one place up or down; at the edge of its slot it crosses into the neighbouring slot
 * (the end of the one above, the start of the one below), so the keyboard alone can regroup components.
 */
export function moveComponent(
  layout: readonly LayoutSlot[],
  componentId: string,
  direction: 'up' | 'down',
): LayoutSlot[] {
  const next = copy(layout);
  const slotIndex = next.findIndex((slot) => slot.componentIds.includes(componentId));
  if (slotIndex < 0) return next;
  const ids = next[slotIndex]!.componentIds;
  const index = ids.indexOf(componentId);
  const target = direction === 'up' ? index - 1 : index + 1;
  if (target >= 0 && target < ids.length) {
    [ids[index], ids[target]] = [ids[target]!, ids[index]!];
    return next;
  }
  const neighbour = next[direction === 'up' ? slotIndex - 1 : slotIndex + 1];
  if (!neighbour) return next;
  ids.splice(index, 1);
  if (direction === 'up') neighbour.componentIds.push(componentId);
  else neighbour.componentIds.unshift(componentId);
  return next;
}

/** Moves a whole slot (a group with its components) one place up or down. */
export function moveSlot(
  layout: readonly LayoutSlot[],
  slotIndex: number,
  direction: 'up' | 'down',
): LayoutSlot[] {
  const next = copy(layout);
  const target = direction === 'up' ? slotIndex - 1 : slotIndex + 1;
  if (slotIndex < 0 || slotIndex >= next.length || target < 0 || target >= next.length) return next;
  [next[slotIndex], next[target]] = [next[target]!, next[slotIndex]!];
  return next;
}

/** Puts a component into slot `slotIndex` before `beforeId` (at the end when null): a drop. */
export function placeComponent(
  layout: readonly LayoutSlot[],
  componentId: string,
  slotIndex: number,
  beforeId: string | null,
): LayoutSlot[] {
  if (componentId === beforeId) return copy(layout);
  const next = copy(layout);
  if (!next[slotIndex]) return next;
  for (const slot of next) slot.componentIds = slot.componentIds.filter((id) => id !== componentId);
  const ids = next[slotIndex]!.componentIds;
  const at = beforeId === null ? -1 : ids.indexOf(beforeId);
  ids.splice(at < 0 ? ids.length : at, 0, componentId);
  return next;
}

/** Puts slot `from` where slot `to` is now (a group dropped on another group). */
export function placeSlot(layout: readonly LayoutSlot[], from: number, to: number): LayoutSlot[] {
  const next = copy(layout);
  if (from === to || !next[from] || to < 0 || to >= next.length) return next;
  const [slot] = next.splice(from, 1);
  next.splice(to, 0, slot!);
  return next;
}
