import type { BoundHandler } from '../../http/handler.ts';
import { createComponent, deleteComponent, listComponents, updateComponent } from './components.ts';
import { clearCustomDomain, setCustomDomain } from './custom-domain.ts';
import { createGroup, deleteGroup, updateGroup } from './groups.ts';
import { setLayout } from './layout.ts';
import { createStatusPage, deleteStatusPageHandler, getStatusPage, listStatusPagesHandler } from './pages.ts';
import { clearStatusPagePassword, setStatusPagePasswordHandler } from './password.ts';
import { accessStatusPage, publicStatusPageByDomain, publicStatusPageBySlug } from './public.ts';
import { updateStatusPageHandler } from './update.ts';

/** The handlers of this area, in the order they are registered. */
export const handlers: BoundHandler[] = [
  listStatusPagesHandler,
  createStatusPage,
  getStatusPage,
  updateStatusPageHandler,
  deleteStatusPageHandler,
  setLayout,
  setStatusPagePasswordHandler,
  clearStatusPagePassword,
  setCustomDomain,
  clearCustomDomain,
  createGroup,
  updateGroup,
  deleteGroup,
  listComponents,
  createComponent,
  updateComponent,
  deleteComponent,
  publicStatusPageByDomain,
  publicStatusPageBySlug,
  accessStatusPage,
];
