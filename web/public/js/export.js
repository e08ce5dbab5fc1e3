// Downloads: each chart as SVG (styles inlined, so it looks the same outside the page) or PNG (the
// SVG drawn on a canvas at twice its size), and the run's tables as CSV / JSON from the server
// (the files `qkdsim run` writes).

const STYLE_PROPS = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'opacity', 'font-size', 'font-family', 'font-weight', 'paint-order', 'stroke-linejoin', 'stroke-linecap', 'text-anchor', 'dominant-baseline', 'display', 'visibility'];

/** Serialises an svg element with its computed styles inlined and the page's patterns included. */
export function svgText(svg) {
  const clone = svg.cloneNode(true);
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [clone, ...clone.querySelectorAll('*')];
  from.forEach((el, i) => {
    const cs = getComputedStyle(el);
    const style = STYLE_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';');
    to[i].setAttribute('style', style);
  });
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const patterns = document.querySelector('#patterns defs');
  if (patterns) clone.insertBefore(patterns.cloneNode(true), clone.firstChild);
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#ffffff');
  clone.insertBefore(bg, clone.firstChild);
  return new XMLSerializer().serializeToString(clone);
}

function download(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** Downloads an svg element as name.svg. */
export function downloadSvg(svg, name) {
  download(new Blob([svgText(svg)], { type: 'image/svg+xml' }), `${name}.svg`);
}

/** Downloads an svg element as name.png at `scale` times its size. */
export function downloadPng(svg, name, scale = 2) {
  const text = svgText(svg);
  const w = Number(svg.getAttribute('width')) || svg.clientWidth;
  const h = Number(svg.getAttribute('height')) || svg.clientHeight;
  const img = new Image();
  return new Promise((resolve, reject) => {
    img.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(w * scale);
      canvas.height = Math.round(h * scale);
      const ctx = canvas.getContext('2d');
      ctx.scale(scale, scale);
      ctx.drawImage(img, 0, 0, w, h);
      canvas.toBlob((blob) => {
        if (blob) {
          download(blob, `${name}.png`);
          resolve();
        } else reject(new Error('the browser could not encode the PNG'));
      }, 'image/png');
    };
    img.onerror = () => reject(new Error('the browser could not draw the SVG'));
    img.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(text)))}`;
  });
}

/** Adds "SVG" and "PNG" buttons to `container` for the svg getSvg() returns. */
export function chartExports(container, getSvg, name) {
  const box = d3.select(container).append('span').attr('class', 'chart-exports');
  box.append('button').attr('type', 'button').attr('class', 'export-svg').attr('title', `download the ${name} chart as SVG`).text('SVG')
    .on('click', () => getSvg() && downloadSvg(getSvg(), typeof name === 'function' ? name() : name));
  box.append('button').attr('type', 'button').attr('class', 'export-png').attr('title', `download the ${name} chart as PNG`).text('PNG')
    .on('click', () => getSvg() && downloadPng(getSvg(), typeof name === 'function' ? name() : name));
  return box;
}

/** Links to the run's tables (CSV and JSON), or none without a finished run. */
export function dataExports(container, runId) {
  const box = d3.select(container);
  box.html('');
  if (!runId) return;
  box.append('span').attr('class', 'muted').text('download: ');
  for (const table of ['passes', 'pools', 'demands']) {
    for (const ext of ['csv', 'json']) {
      box.append('a').attr('class', `export-data export-${table}-${ext}`).attr('href', `/api/runs/${runId}/export/${table}.${ext}`).attr('download', '').text(`${table}.${ext}`);
    }
  }
}
