// One floating tooltip for every chart: show(event, html) near the pointer, hide().

let tip = null;

function element() {
  if (!tip) {
    tip = document.createElement('div');
    tip.className = 'tooltip';
    tip.setAttribute('role', 'tooltip');
    tip.hidden = true;
    document.body.appendChild(tip);
  }
  return tip;
}

export function showTooltip(event, html) {
  const t = element();
  t.innerHTML = html;
  t.hidden = false;
  const pad = 14;
  const { innerWidth: w, innerHeight: h } = window;
  const rect = t.getBoundingClientRect();
  let x = event.clientX + pad;
  let y = event.clientY + pad;
  if (x + rect.width > w - 4) x = event.clientX - rect.width - pad;
  if (y + rect.height > h - 4) y = event.clientY - rect.height - pad;
  t.style.left = `${Math.max(4, x)}px`;
  t.style.top = `${Math.max(4, y)}px`;
}

export function hideTooltip() {
  if (tip) tip.hidden = true;
}
