// Enhanced editor forms keep what they show after a save: a reset would put back the values the page was
// first rendered with, not the ones just saved.
import type { SubmitFunction } from '$app/forms';

/** `use:enhance={keepValues}`: update the page's data without resetting the form. */
export const keepValues: SubmitFunction =
  () =>
  async ({ update }) =>
    update({ reset: false });
