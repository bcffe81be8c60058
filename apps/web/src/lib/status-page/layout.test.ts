import { describe, expect, it } from 'vitest';
import { type LayoutSlot, moveComponent, moveSlot, placeComponent, placeSlot } from './layout.ts';

const layout: LayoutSlot[] = [
  { groupId: 'core', componentIds: ['api', 'db'] },
  { groupId: 'edge', componentIds: ['cdn'] },
  { groupId: null, componentIds: ['site'] },
];
const order = (next: LayoutSlot[]) => next.map((slot) => `${slot.groupId}:${slot.componentIds.join(',')}`);

describe('reordering a status page', () => {
  it.each([
    ['db', 'up', ['core:db,api', 'edge:cdn', 'null:site']],
    ['api', 'down', ['core:db,api', 'edge:cdn', 'null:site']],
    // At a group's edge a component crosses into the neighbouring group: the keyboard alone can regroup.
    ['cdn', 'up', ['core:api,db,cdn', 'edge:', 'null:site']],
    ['cdn', 'down', ['core:api,db', 'edge:', 'null:cdn,site']],
    ['api', 'up', ['core:api,db', 'edge:cdn', 'null:site']],
    ['site', 'down', ['core:api,db', 'edge:cdn', 'null:site']],
  ] as const)('moves %s %s', (id, direction, expected) => {
    expect(order(moveComponent(layout, id, direction))).toEqual(expected);
  });

  it('moves whole groups and never past the ends', () => {
    expect(order(moveSlot(layout, 1, 'up'))).toEqual(['edge:cdn', 'core:api,db', 'null:site']);
    expect(order(moveSlot(layout, 0, 'up'))).toEqual(order(layout));
    expect(order(moveSlot(layout, 2, 'down'))).toEqual(order(layout));
  });

  it('drops a component before another one or at the end of a group, and a group on another', () => {
    expect(order(placeComponent(layout, 'site', 0, 'db'))).toEqual(['core:api,site,db', 'edge:cdn', 'null:']);
    expect(order(placeComponent(layout, 'api', 1, null))).toEqual(['core:db', 'edge:cdn,api', 'null:site']);
    expect(order(placeSlot(layout, 2, 0))).toEqual(['null:site', 'core:api,db', 'edge:cdn']);
  });

  it('leaves the layout it was given untouched', () => {
    const before = JSON.stringify(layout);
    moveComponent(layout, 'db', 'up');
    placeComponent(layout, 'site', 0, null);
    expect(JSON.stringify(layout)).toBe(before);
  });
});
