// Form actions of the status page editor (`/app/[org]/status-pages/[id]`): each one API call (or two),
// failures come back with the form's values; every change forgets this page's cached public renders.
import { type ActionFailure, isActionFailure, type RequestEvent } from '@sveltejs/kit';
import { statusPageEndpoints, subscriberEndpoints } from '@vantage/api-contract';
import { list, text } from '../../components/ops/forms.ts';
import { type LayoutSlot, moveComponent, moveSlot } from '../../status-page/layout.ts';
import type { ControlPlane } from '../api.ts';
import { act, formValues } from '../guard.ts';
import { purgeStatusPage } from './index.ts';

type Event = RequestEvent<{ org: string; id: string }>;
type ManualState = (typeof statusPageEndpoints.manualComponentStates)[number];

/** Runs one editor change as the form `_form`; on success the page's public renders are dropped. */
async function change<T>(
  event: Event,
  values: Record<string, unknown>,
  run: (api: ControlPlane) => Promise<T>,
) {
  const { locals, params } = event;
  const result = await act(values, () => run(locals.api));
  if (isActionFailure(result)) return result;
  const page = await locals.api
    .call(statusPageEndpoints.get, { params: { org: params.org, id: params.id } })
    .catch(() => null);
  if (page) purgeStatusPage(page);
  return { saved: String(values._form ?? ''), result };
}

const ids = (event: Event) => ({ org: event.params.org, id: event.params.id });
const nullable = (value: string) => (value.trim() === '' ? null : value.trim());
const read = async (event: Event) => formValues(await event.request.formData());

/** A layout without empty ungrouped slots (the API wants each group once; empty ungrouped slots mean nothing). */
function tidy(layout: LayoutSlot[]): LayoutSlot[] {
  return layout.filter((slot) => slot.groupId !== null || slot.componentIds.length > 0);
}

/** The component body a form describes (a monitor's component, or a manual one with its state). */
function componentFields(values: Record<string, unknown>) {
  const monitorId = nullable(text(values, 'monitorId'));
  return {
    name: text(values, 'name'),
    description: text(values, 'description'),
    groupId: nullable(text(values, 'groupId')),
    monitorId,
    regions: monitorId ? list(values, 'regions[]') : [],
    ...(monitorId ? {} : { manualState: (text(values, 'manualState') || 'up') as ManualState }),
  };
}

/** Every action of the editor page. */
export const editorActions = {
  settings: async (event: Event) => {
    const values = { ...(await read(event)), _form: 'settings' };
    const before = await event.locals.api
      .call(statusPageEndpoints.get, { params: ids(event) })
      .catch(() => null);
    const outcome = await change(event, values, (api) =>
      api.call(statusPageEndpoints.update, {
        params: ids(event),
        body: {
          title: text(values, 'title'),
          slug: text(values, 'slug'),
          description: text(values, 'description'),
        },
      }),
    );
    // The old address stops working: nothing may keep serving it from the cache.
    if (before && !isActionFailure(outcome)) purgeStatusPage(before);
    return outcome;
  },
  regions: async (event: Event) => {
    const values = { ...(await read(event)), _form: 'regions' };
    return change(event, values, (api) =>
      api.call(statusPageEndpoints.update, {
        params: ids(event),
        body: { shownRegions: list(values, 'regions[]') },
      }),
    );
  },
  branding: async (event: Event) => {
    const values = { ...(await read(event)), _form: 'branding' };
    const labels = list(values, 'footerLabel[]');
    const urls = list(values, 'footerUrl[]');
    const footerLinks = labels
      .map((label, i) => ({ label: label.trim(), url: (urls[i] ?? '').trim() }))
      .filter((link) => link.label !== '' || link.url !== '');
    return change(event, values, (api) =>
      api.call(statusPageEndpoints.update, {
        params: ids(event),
        body: {
          branding: {
            logoUrl: nullable(text(values, 'logoUrl')),
            faviconUrl: nullable(text(values, 'faviconUrl')),
            brandColor: nullable(text(values, 'brandColor')),
            accentColor: nullable(text(values, 'accentColor')),
          },
          footerLinks,
        },
      }),
    );
  },
  addGroup: async (event: Event) => {
    const values = { ...(await read(event)), _form: 'addGroup' };
    return change(event, values, (api) =>
      api.call(statusPageEndpoints.createGroup, { params: ids(event), body: { name: text(values, 'name') } }),
    );
  },
  renameGroup: async (event: Event) => {
    const values = await read(event);
    const groupId = text(values, 'groupId');
    return change(event, { ...values, _form: `group:${groupId}` }, (api) =>
      api.call(statusPageEndpoints.updateGroup, {
        params: { ...ids(event), groupId },
        body: { name: text(values, 'name') },
      }),
    );
  },
  deleteGroup: async (event: Event) => {
    const values = await read(event);
    const groupId = text(values, 'groupId');
    return change(event, { ...values, _form: `group:${groupId}` }, (api) =>
      api.call(statusPageEndpoints.deleteGroup, { params: { ...ids(event), groupId } }),
    );
  },
  addComponent: async (event: Event) => {
    const values = { ...(await read(event)), _form: 'addComponent' };
    return change(event, values, (api) =>
      api.call(statusPageEndpoints.createComponent, { params: ids(event), body: componentFields(values) }),
    );
  },
  updateComponent: async (event: Event) => {
    const values = await read(event);
    const componentId = text(values, 'componentId');
    return change(event, { ...values, _form: `component:${componentId}` }, (api) =>
      api.call(statusPageEndpoints.updateComponent, {
        params: { ...ids(event), componentId },
        body: componentFields(values),
      }),
    );
  },
  deleteComponent: async (event: Event) => {
    const values = await read(event);
    const componentId = text(values, 'componentId');
    return change(event, { ...values, _form: `component:${componentId}` }, (api) =>
      api.call(statusPageEndpoints.deleteComponent, { params: { ...ids(event), componentId } }),
    );
  },
  /** One step up or down for a component or a group (the keyboard and no-JavaScript way to reorder). */
  move: async (event: Event) => {
    const values = { ...(await read(event)), _form: 'layout' };
    const id = text(values, 'id');
    const direction = text(values, 'direction') === 'up' ? 'up' : 'down';
    return change(event, values, async (api) => {
      const page = (await api.call(statusPageEndpoints.get, { params: ids(event) })) as unknown as {
        layout: LayoutSlot[];
      };
      const layout =
        text(values, 'kind') === 'group'
          ? moveSlot(
              page.layout,
              page.layout.findIndex((slot) => slot.groupId === id),
              direction,
            )
          : moveComponent(page.layout, id, direction);
      return api.call(statusPageEndpoints.setLayout, { params: ids(event), body: { layout: tidy(layout) } });
    });
  },
  /** A whole new order (drag and drop sends it as JSON). */
  layout: async (event: Event) => {
    const values = { ...(await read(event)), _form: 'layout' };
    let layout: LayoutSlot[] = [];
    try {
      layout = JSON.parse(text(values, 'layout')) as LayoutSlot[];
    } catch {
      // An unreadable order is sent as empty: the API names what is missing.
    }
    return change(event, values, (api) =>
      api.call(statusPageEndpoints.setLayout, { params: ids(event), body: { layout: tidy(layout) } }),
    );
  },
  setDomain: async (event: Event) => {
    const values = { ...(await read(event)), _form: 'domain' };
    return change(event, values, (api) =>
      api.call(statusPageEndpoints.setCustomDomain, {
        params: ids(event),
        body: { hostname: text(values, 'hostname') },
      }),
    );
  },
  clearDomain: async (event: Event) => {
    const before = await event.locals.api
      .call(statusPageEndpoints.get, { params: ids(event) })
      .catch(() => null);
    if (before) purgeStatusPage(before);
    return change(event, { _form: 'domain' }, (api) =>
      api.call(statusPageEndpoints.clearCustomDomain, { params: ids(event) }),
    );
  },
  setPassword: async (event: Event) => {
    const values = await read(event);
    return change(event, { _form: 'password' }, (api) =>
      api.call(statusPageEndpoints.setPassword, {
        params: ids(event),
        body: { password: text(values, 'password') },
      }),
    );
  },
  clearPassword: async (event: Event) =>
    change(event, { _form: 'password' }, (api) =>
      api.call(statusPageEndpoints.clearPassword, { params: ids(event) }),
    ),
  removeSubscriber: async (event: Event) => {
    const values = await read(event);
    const subscriberId = text(values, 'subscriberId');
    return change(event, { ...values, _form: 'subscribers' }, (api) =>
      api.call(subscriberEndpoints.remove, { params: { ...ids(event), subscriberId } }),
    );
  },
} satisfies Record<
  string,
  (event: Event) => Promise<ActionFailure<unknown> | { saved: string; result: unknown }>
>;
