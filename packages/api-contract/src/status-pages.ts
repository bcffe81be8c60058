import { z } from 'zod';
import { orgIdParams, orgParams, orgSlugSchema, pageOf, timestamp } from './common.ts';
import { endpoint } from './endpoint.ts';
import {
  brandingInput,
  customDomainSchema,
  footerLinksInput,
  manualComponentStates,
  publicStatusPageSchema,
  regionIdsInput,
  statusPageComponentSchema,
  statusPageDetailSchema,
  statusPageGroupSchema,
  statusPageSchema,
  statusPageSlugSchema,
} from './status-page-schemas.ts';

export * from './status-page-schemas.ts';

const tag = 'status-pages';
const read = { kind: 'org', action: 'status_page:read' } as const;
const write = { kind: 'org', action: 'status_page:write' } as const;
const title = z.string().trim().min(1).max(200);
const description = z.string().trim().max(2000);
const groupParams = z.strictObject({ org: orgSlugSchema, id: z.uuid(), groupId: z.uuid() });
const componentParams = z.strictObject({ org: orgSlugSchema, id: z.uuid(), componentId: z.uuid() });

/** Body of a new page. */
export const statusPageBody = z.strictObject({
  title,
  slug: statusPageSlugSchema,
  description: description.default(''),
  branding: brandingInput.default({}),
  footerLinks: footerLinksInput.default([]),
  shownRegions: regionIdsInput.default([]),
});

/** Body of a page change: any fields; branding merges field by field. */
export const statusPagePatch = z.strictObject({
  title: title.optional(),
  slug: statusPageSlugSchema.optional(),
  description: description.optional(),
  branding: brandingInput.optional(),
  footerLinks: footerLinksInput.optional(),
  shownRegions: regionIdsInput.optional(),
});

const componentFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(1000),
  groupId: z.uuid().nullable(),
  monitorId: z.uuid().nullable(),
  regions: regionIdsInput,
  manualState: z.enum(manualComponentStates),
};

/** Body of a new component (a monitor's, or manual with `monitorId: null`). */
export const componentBody = z.strictObject({
  name: componentFields.name,
  description: componentFields.description.default(''),
  groupId: componentFields.groupId.default(null),
  monitorId: componentFields.monitorId.default(null),
  regions: componentFields.regions.default([]),
  manualState: componentFields.manualState.default('up'),
});

/** Body of a component change. */
export const componentPatch = z.strictObject({
  name: componentFields.name.optional(),
  description: componentFields.description.optional(),
  groupId: componentFields.groupId.optional(),
  monitorId: componentFields.monitorId.optional(),
  regions: componentFields.regions.optional(),
  manualState: componentFields.manualState.optional(),
});

const groupBody = z.strictObject({ name: z.string().trim().min(1).max(200) });

/** `GET /orgs/{org}/status-pages`. */
export const list = endpoint({
  id: 'statusPages.list',
  method: 'GET',
  path: '/orgs/{org}/status-pages',
  summary: "The organization's status pages",
  tag,
  access: read,
  params: orgParams,
  response: pageOf(statusPageSchema),
});

/** `POST /orgs/{org}/status-pages`. */
export const create = endpoint({
  id: 'statusPages.create',
  method: 'POST',
  path: '/orgs/{org}/status-pages',
  summary: 'Create a status page (plan limit: maxStatusPages; branding needs custom_branding)',
  tag,
  access: write,
  params: orgParams,
  body: statusPageBody,
  response: statusPageDetailSchema,
  status: 201,
});

/** `GET /orgs/{org}/status-pages/{id}`. */
export const get = endpoint({
  id: 'statusPages.get',
  method: 'GET',
  path: '/orgs/{org}/status-pages/{id}',
  summary: 'One status page with its groups, components and layout',
  tag,
  access: read,
  params: orgIdParams,
  response: statusPageDetailSchema,
});

/** `PATCH /orgs/{org}/status-pages/{id}`. */
export const update = endpoint({
  id: 'statusPages.update',
  method: 'PATCH',
  path: '/orgs/{org}/status-pages/{id}',
  summary: "Change a page's title, slug, description, branding, footer links or shown regions",
  tag,
  access: write,
  params: orgIdParams,
  body: statusPagePatch,
  response: statusPageDetailSchema,
});

/** `DELETE /orgs/{org}/status-pages/{id}`. */
export const remove = endpoint({
  id: 'statusPages.delete',
  method: 'DELETE',
  path: '/orgs/{org}/status-pages/{id}',
  summary: 'Delete a status page with its groups and components',
  tag,
  access: write,
  params: orgIdParams,
  response: null,
  status: 204,
});

/** `PUT /orgs/{org}/status-pages/{id}/layout`. */
export const setLayout = endpoint({
  id: 'statusPages.setLayout',
  method: 'PUT',
  path: '/orgs/{org}/status-pages/{id}/layout',
  summary:
    'Reorder a whole page in one call: the ordered groups (groupId null = ungrouped components) with their ordered components, each named once',
  tag,
  access: write,
  params: orgIdParams,
  body: z.strictObject({
    layout: z
      .array(z.strictObject({ groupId: z.uuid().nullable(), componentIds: z.array(z.uuid()).max(500) }))
      .max(500),
  }),
  response: statusPageDetailSchema,
});

/** `PUT /orgs/{org}/status-pages/{id}/password`. */
export const setPassword = endpoint({
  id: 'statusPages.setPassword',
  method: 'PUT',
  path: '/orgs/{org}/status-pages/{id}/password',
  summary: 'Protect a page with a password, or change it (plan feature: password_protected_pages)',
  tag,
  access: write,
  params: orgIdParams,
  body: z.strictObject({ password: z.string().min(8).max(200) }),
  response: statusPageDetailSchema,
});

/** `DELETE /orgs/{org}/status-pages/{id}/password`. */
export const clearPassword = endpoint({
  id: 'statusPages.clearPassword',
  method: 'DELETE',
  path: '/orgs/{org}/status-pages/{id}/password',
  summary: "Remove a page's password: the page becomes public",
  tag,
  access: write,
  params: orgIdParams,
  response: null,
  status: 204,
});

/** `PUT /orgs/{org}/status-pages/{id}/custom-domain`. */
export const setCustomDomain = endpoint({
  id: 'statusPages.setCustomDomain',
  method: 'PUT',
  path: '/orgs/{org}/status-pages/{id}/custom-domain',
  summary:
    'Serve the page on a custom domain (plan feature: custom_domains); the answer says which CNAME to create',
  tag,
  access: write,
  params: orgIdParams,
  body: z.strictObject({ hostname: customDomainSchema }),
  response: statusPageDetailSchema,
});

/** `DELETE /orgs/{org}/status-pages/{id}/custom-domain`. */
export const clearCustomDomain = endpoint({
  id: 'statusPages.clearCustomDomain',
  method: 'DELETE',
  path: '/orgs/{org}/status-pages/{id}/custom-domain',
  summary: "Remove a page's custom domain",
  tag,
  access: write,
  params: orgIdParams,
  response: null,
  status: 204,
});

/** `POST /orgs/{org}/status-pages/{id}/groups`. */
export const createGroup = endpoint({
  id: 'statusPages.createGroup',
  method: 'POST',
  path: '/orgs/{org}/status-pages/{id}/groups',
  summary: 'Add a group at the end of the page',
  tag,
  access: write,
  params: orgIdParams,
  body: groupBody,
  response: statusPageGroupSchema,
  status: 201,
});

/** `PATCH /orgs/{org}/status-pages/{id}/groups/{groupId}`. */
export const updateGroup = endpoint({
  id: 'statusPages.updateGroup',
  method: 'PATCH',
  path: '/orgs/{org}/status-pages/{id}/groups/{groupId}',
  summary: 'Rename a group',
  tag,
  access: write,
  params: groupParams,
  body: groupBody,
  response: statusPageGroupSchema,
});

/** `DELETE /orgs/{org}/status-pages/{id}/groups/{groupId}`. */
export const deleteGroup = endpoint({
  id: 'statusPages.deleteGroup',
  method: 'DELETE',
  path: '/orgs/{org}/status-pages/{id}/groups/{groupId}',
  summary: 'Delete a group; its components stay on the page, ungrouped, at the end',
  tag,
  access: write,
  params: groupParams,
  response: null,
  status: 204,
});

/** `GET /orgs/{org}/status-pages/{id}/components`. */
export const listComponents = endpoint({
  id: 'statusPages.listComponents',
  method: 'GET',
  path: '/orgs/{org}/status-pages/{id}/components',
  summary: "A page's components in page order",
  tag,
  access: read,
  params: orgIdParams,
  response: z.object({ items: z.array(statusPageComponentSchema), nextCursor: z.null() }),
});

/** `POST /orgs/{org}/status-pages/{id}/components`. */
export const createComponent = endpoint({
  id: 'statusPages.createComponent',
  method: 'POST',
  path: '/orgs/{org}/status-pages/{id}/components',
  summary: 'Add a component (a monitor of the organization, or manual) at the end of its group',
  tag,
  access: write,
  params: orgIdParams,
  body: componentBody,
  response: statusPageComponentSchema,
  status: 201,
});

/** `PATCH /orgs/{org}/status-pages/{id}/components/{componentId}`. */
export const updateComponent = endpoint({
  id: 'statusPages.updateComponent',
  method: 'PATCH',
  path: '/orgs/{org}/status-pages/{id}/components/{componentId}',
  summary: "Change a component; a manual component's state is set here",
  tag,
  access: write,
  params: componentParams,
  body: componentPatch,
  response: statusPageComponentSchema,
});

/** `DELETE /orgs/{org}/status-pages/{id}/components/{componentId}`. */
export const deleteComponent = endpoint({
  id: 'statusPages.deleteComponent',
  method: 'DELETE',
  path: '/orgs/{org}/status-pages/{id}/components/{componentId}',
  summary: 'Remove a component from the page',
  tag,
  access: write,
  params: componentParams,
  response: null,
  status: 204,
});

/** Header carrying the access token of a password-protected page. */
export const accessTokenHeader = 'x-status-page-token';

/** `GET /public/status-pages/{slug}`. */
export const publicBySlug = endpoint({
  id: 'statusPages.publicBySlug',
  method: 'GET',
  path: '/public/status-pages/{slug}',
  summary:
    'Everything a status page renders from; a protected page answers 401 password_required without a valid X-Status-Page-Token',
  tag,
  access: { kind: 'public' },
  params: z.strictObject({ slug: z.string().min(1).max(100) }),
  response: publicStatusPageSchema,
});

/** `GET /public/status-pages/by-domain/{host}`. */
export const publicByDomain = endpoint({
  id: 'statusPages.publicByDomain',
  method: 'GET',
  path: '/public/status-pages/by-domain/{host}',
  summary: 'The same answer for the page served on a custom domain (the Host header, without port)',
  tag,
  access: { kind: 'public' },
  params: z.strictObject({ host: z.string().min(1).max(253) }),
  response: publicStatusPageSchema,
});

/** `POST /public/status-pages/{slug}/access`. */
export const access = endpoint({
  id: 'statusPages.access',
  method: 'POST',
  path: '/public/status-pages/{slug}/access',
  summary:
    "Trade a protected page's password for a signed access token (send it back as X-Status-Page-Token); rate limited",
  tag,
  access: { kind: 'public' },
  params: z.strictObject({ slug: z.string().min(1).max(100) }),
  body: z.strictObject({ password: z.string().min(1).max(200) }),
  response: z.object({ token: z.string(), expiresAt: timestamp }),
  status: 200,
  rateLimit: 'statusPageAccess',
});
