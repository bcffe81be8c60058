import type { statusPageEndpoints } from '@vantage/api-contract';
import type { StatusPageComponentRecord, StatusPageGroupRecord, StatusPageRecord } from '@vantage/db';
import type { z } from 'zod';
import type { ControlPlaneConfig } from '../../config.ts';

type PageDto = z.input<typeof statusPageEndpoints.statusPageSchema>;
type DetailDto = z.input<typeof statusPageEndpoints.statusPageDetailSchema>;
type ComponentDto = z.input<typeof statusPageEndpoints.statusPageComponentSchema>;

/** One top-level place of a page: a group, or a run of ungrouped components. */
export interface LayoutSlot<C> {
  group: StatusPageGroupRecord | null;
  components: C[];
}

/**
 * The page's top-level order: groups and ungrouped components share one position space; consecutive
 * ungrouped components form one slot. Components inside a group follow their own positions.
 */
export function layoutOf<C extends Pick<StatusPageComponentRecord, 'groupId' | 'position'>>(
  groups: readonly StatusPageGroupRecord[],
  components: readonly C[],
): LayoutSlot<C>[] {
  const byPosition = (a: { position: number }, b: { position: number }) => a.position - b.position;
  const known = new Set(groups.map((group) => group.id));
  const top = [
    ...groups.map((group) => ({ position: group.position, group, component: null })),
    ...components
      .filter((component) => component.groupId === null || !known.has(component.groupId))
      .map((component) => ({ position: component.position, group: null, component })),
  ].sort((a, b) => byPosition(a, b) || Number(a.group === null) - Number(b.group === null));
  const slots: LayoutSlot<C>[] = [];
  for (const item of top) {
    if (item.group) {
      const members = components.filter((component) => component.groupId === item.group.id);
      slots.push({ group: item.group, components: members.toSorted(byPosition) });
      continue;
    }
    const last = slots.at(-1);
    if (last && last.group === null) last.components.push(item.component!);
    else slots.push({ group: null, components: [item.component!] });
  }
  return slots;
}

/** The host a custom domain's CNAME points at: the web app's. */
export function cnameTarget(config: ControlPlaneConfig): string {
  return new URL(config.webUrl).hostname;
}

/** Page record → API shape (never the password hash). */
export function toStatusPageDto(page: StatusPageRecord, config: ControlPlaneConfig): PageDto {
  return {
    id: page.id,
    slug: page.slug,
    title: page.title,
    description: page.description,
    publicUrl: `${config.webUrl.replace(/\/$/, '')}/s/${page.slug}`,
    customDomain: page.customDomain,
    dnsInstructions: page.customDomain
      ? { recordType: 'CNAME', name: page.customDomain, target: cnameTarget(config) }
      : null,
    branding: {
      logoUrl: page.logoUrl,
      faviconUrl: page.faviconUrl,
      brandColor: page.brandColor,
      accentColor: page.accentColor,
    },
    footerLinks: page.footerLinks,
    passwordProtected: page.passwordHash !== null,
    shownRegions: page.shownRegions,
    createdAt: page.createdAt.toISOString(),
    updatedAt: page.updatedAt.toISOString(),
  };
}

/** Component record → API shape. */
export function toComponentDto(component: StatusPageComponentRecord): ComponentDto {
  return {
    id: component.id,
    name: component.name,
    description: component.description,
    groupId: component.groupId,
    monitorId: component.monitorId,
    regions: component.regions,
    manualState: component.manualState,
  };
}

/** Group record → API shape. */
export function toGroupDto(group: StatusPageGroupRecord) {
  return { id: group.id, name: group.name };
}

/** Page, groups and components → the editor's view: components in page order and the layout. */
export function toStatusPageDetailDto(
  page: StatusPageRecord,
  groups: readonly StatusPageGroupRecord[],
  components: readonly StatusPageComponentRecord[],
  config: ControlPlaneConfig,
): DetailDto {
  const slots = layoutOf(groups, components);
  return {
    ...toStatusPageDto(page, config),
    groups: slots.flatMap((slot) => (slot.group ? [toGroupDto(slot.group)] : [])),
    components: slots.flatMap((slot) => slot.components.map(toComponentDto)),
    layout: slots.map((slot) => ({
      groupId: slot.group?.id ?? null,
      componentIds: slot.components.map((component) => component.id),
    })),
  };
}
