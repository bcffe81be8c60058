// The public page's only script (the page itself works without JavaScript): shows times in the visitor's
// own zone and turns the day bars' `title` tooltips into a popover that follows pointer and keyboard.

/** Runs in the visitor's browser once the page has loaded. */
function enhanceStatusPage(): void {
  const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  for (const element of document.querySelectorAll<HTMLTimeElement>('time[datetime]')) {
    if (element.dataset.kind === 'day') continue;
    const instant = new Date(element.dateTime);
    if (!Number.isNaN(instant.getTime())) element.textContent = dateTime.format(instant);
  }
  for (const element of document.querySelectorAll<HTMLElement>('[data-time-zone]')) {
    element.textContent = Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  const tip = document.createElement('div');
  tip.className = 'bar-tip';
  tip.setAttribute('role', 'status');
  tip.hidden = true;
  document.body.append(tip);
  const show = (bar: HTMLElement) => {
    const list = bar.parentElement;
    for (const other of list?.querySelectorAll('.active') ?? []) other.classList.remove('active');
    bar.classList.add('active');
    tip.textContent = bar.dataset.tip ?? '';
    tip.hidden = false;
    const box = bar.getBoundingClientRect();
    const left = Math.min(
      Math.max(box.left + box.width / 2 + window.scrollX, 110),
      document.documentElement.clientWidth - 110,
    );
    tip.style.left = `${left}px`;
    tip.style.top = `${box.top + window.scrollY - 8}px`;
  };
  const hide = () => {
    tip.hidden = true;
    for (const other of document.querySelectorAll('.bars .active')) other.classList.remove('active');
  };
  for (const list of document.querySelectorAll<HTMLElement>('ol.bars')) {
    const bars = [...list.querySelectorAll<HTMLElement>('li')];
    for (const bar of bars) {
      bar.dataset.tip = bar.title;
      bar.removeAttribute('title');
      bar.addEventListener('pointerenter', () => show(bar));
    }
    list.addEventListener('pointerleave', hide);
    list.addEventListener('blur', hide);
    list.addEventListener('focus', () => {
      const last = bars.at(-1);
      if (last) show(last);
    });
    list.addEventListener('keydown', (event) => {
      const current = bars.findIndex((bar) => bar.classList.contains('active'));
      const step: Record<string, number> = {
        ArrowLeft: -1,
        ArrowRight: 1,
        Home: -bars.length,
        End: bars.length,
      };
      const move = step[event.key];
      if (move === undefined) return;
      event.preventDefault();
      const next =
        bars[Math.min(bars.length - 1, Math.max(0, (current < 0 ? bars.length - 1 : current) + move))];
      if (next) show(next);
    });
  }
}

/** The script element's source: the function above, run at once (the tag sits at the end of the body). */
export const enhanceScript = `(${enhanceStatusPage.toString()})();`;
