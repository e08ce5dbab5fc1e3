// The run panel: pick a shipped scenario (or upload / edit a document), set seed and days, run,
// follow the progress, and see every validation problem next to the field or line it concerns.
import { escapeHtml } from '../format.js';

const FIELD_PATHS = new Set(['seed', 'days', 'scenario']);

export function runPanel() {
  let onRun = () => {};
  let onLoadScenario = async () => null;
  let onSelectRun = () => {};
  let maxDays = 366;
  let root;
  let scenarios = [];
  let uploadLabel = null;

  function panel(container) {
    root = d3.select(container);
    root.html(`
      <form class="run-form" novalidate>
        <label class="field">Scenario
          <select name="scenario" aria-describedby="scenario-desc"></select>
        </label>
        <p class="scenario-desc muted" id="scenario-desc"></p>
        <div class="field-row">
          <label class="field">Seed
            <input name="seed" type="number" min="0" step="1" inputmode="numeric" placeholder="from file">
            <span class="field-error" data-field="seed" role="alert"></span>
          </label>
          <label class="field">Days
            <input name="days" type="number" min="0" step="any" placeholder="from file">
            <span class="field-error" data-field="days" role="alert"></span>
          </label>
        </div>
        <span class="field-error" data-field="scenario" role="alert"></span>
        <div class="actions">
          <button type="submit" class="run-button">Run scenario</button>
          <button type="button" class="cancel-button" hidden>Stop</button>
        </div>
        <div class="progress-wrap">
          <progress max="1" value="0" aria-label="run progress"></progress>
          <span class="run-status" role="status" aria-live="polite"></span>
        </div>
        <div class="form-errors" role="alert"></div>
        <div class="run-warnings" role="status" hidden></div>
        <details class="upload">
          <summary>Upload or edit a scenario</summary>
          <p class="muted">YAML or JSON in the scenario format (see <code>scenarios/README.md</code>). Element sets: <code>bundled:micius</code> or files under <code>scenarios/</code>.</p>
          <div class="upload-actions">
            <input type="file" name="file" accept=".yaml,.yml,.json" aria-label="scenario file">
            <button type="button" class="copy-shipped">Copy the selected scenario</button>
          </div>
          <textarea name="document" spellcheck="false" rows="12" aria-label="scenario document" placeholder="name: my-scenario&#10;start: 2016-12-16T00:00:00Z&#10;..."></textarea>
          <button type="button" class="run-document">Run this document</button>
          <div class="doc-issues" aria-live="polite"></div>
        </details>
        <label class="field recent">Recent runs
          <select name="runs"></select>
        </label>
      </form>`);
    const form = root.select('form');
    form.on('submit', (e) => {
      e.preventDefault();
      submit('shipped');
    });
    root.select('.run-document').on('click', () => submit('document'));
    root.select('select[name=scenario]').on('change', describe);
    root.select('select[name=runs]').on('change', (e) => e.target.value && onSelectRun(e.target.value));
    root.select('.copy-shipped').on('click', async () => {
      const name = root.select('select[name=scenario]').property('value');
      const entry = await onLoadScenario(name);
      if (entry) {
        root.select('textarea').property('value', entry.text);
        uploadLabel = entry.file.split('/').pop();
        clearIssues();
      }
    });
    root.select('input[type=file]').on('change', async (e) => {
      const file = e.target.files[0];
      if (!file) return;
      root.select('textarea').property('value', await file.text());
      uploadLabel = file.name;
      clearIssues();
    });
  }

  function overrides() {
    const body = {};
    const seed = root.select('input[name=seed]').property('value').trim();
    const days = root.select('input[name=days]').property('value').trim();
    // Sent as typed (numbers when they parse): the server checks them and says what is wrong.
    if (seed !== '') body.seed = Number.isFinite(Number(seed)) ? Number(seed) : seed;
    if (days !== '') body.days = Number.isFinite(Number(days)) ? Number(days) : days;
    return body;
  }

  function submit(kind) {
    clearIssues();
    const body = overrides();
    if (kind === 'shipped') body.scenario = root.select('select[name=scenario]').property('value');
    else {
      const text = root.select('textarea').property('value');
      if (text.trim() === '') {
        showDocIssues('', [{ message: 'the document is empty: upload a file, paste a scenario, or copy the selected one' }]);
        return;
      }
      body.document = text;
      if (uploadLabel) body.label = uploadLabel;
    }
    onRun(body, kind);
  }

  function describe() {
    const name = root.select('select[name=scenario]').property('value');
    const s = scenarios.find((x) => x.name === name);
    const facts = s ? [s.start ? `From ${s.start}` : null, s.days ? `${s.days} day(s)` : null, s.seed !== null ? `seed ${s.seed}` : null].filter(Boolean) : [];
    root.select('.scenario-desc').text(s ? `${s.description.replace(/\.?$/, '.')}${facts.length ? ` ${facts.join(', ')}.` : ''}` : '');
  }

  function clearIssues() {
    root.selectAll('.field-error').text('');
    root.selectAll('.field input, .field select').classed('invalid', false).attr('aria-invalid', null);
    root.select('.form-errors').html('');
    root.select('.doc-issues').html('');
  }

  /** Issues of the document as an annotated listing: each line with a problem, its neighbours, the messages under it. */
  function showDocIssues(text, issues) {
    const lines = text.split('\n');
    const byLine = d3.group(issues.filter((i) => i.line !== undefined && i.line >= 1 && i.line <= lines.length), (i) => i.line);
    const loose = issues.filter((i) => !byLine.has(i.line));
    const out = [`<p class="error-title">${issues.length} problem${issues.length === 1 ? '' : 's'} in the scenario:</p>`];
    if (loose.length > 0) out.push(`<ul class="issue-list">${loose.map((i) => `<li>${escapeHtml(i.text ?? i.message)}</li>`).join('')}</ul>`);
    if (byLine.size > 0) {
      const show = new Set();
      for (const l of byLine.keys()) for (let k = l - 2; k <= l + 1; k++) if (k >= 1 && k <= lines.length) show.add(k);
      const numbers = [...show].sort((a, b) => a - b);
      const rows = [];
      numbers.forEach((n, idx) => {
        if (idx > 0 && n !== numbers[idx - 1] + 1) rows.push('<li class="gap">⋯</li>');
        const problems = byLine.get(n) ?? [];
        rows.push(`<li class="${problems.length ? 'has-issue' : ''}" data-line="${n}"><span class="ln">${n}</span><code>${escapeHtml(lines[n - 1]) || ' '}</code></li>`);
        for (const p of problems) rows.push(`<li class="issue" data-line="${n}"><span class="ln">↑</span><span>${escapeHtml(p.path && p.path !== '(root)' ? `${p.path}: ${p.message}` : p.message)}</span></li>`);
      });
      out.push(`<ol class="doc-listing">${rows.join('')}</ol>`);
    }
    const box = root.select('.doc-issues').html(out.join(''));
    box.selectAll('li[data-line]').on('click', function () {
      const n = Number(this.dataset.line);
      const area = root.select('textarea').node();
      const start = lines.slice(0, n - 1).reduce((a, l) => a + l.length + 1, 0);
      area.focus();
      area.setSelectionRange(start, start + lines[n - 1].length);
    });
    root.select('details.upload').property('open', true);
  }

  panel.onRun = function (_) {
    onRun = _;
    return panel;
  };
  panel.onLoadScenario = function (_) {
    onLoadScenario = _;
    return panel;
  };
  panel.onSelectRun = function (_) {
    onSelectRun = _;
    return panel;
  };
  panel.maxDays = function (_) {
    maxDays = _;
    root?.select('input[name=days]').attr('max', maxDays).attr('title', `at most ${maxDays} days`);
    return panel;
  };
  panel.scenarios = function (list, selectedName) {
    scenarios = list;
    root.select('select[name=scenario]').selectAll('option').data(list, (d) => d.name)
      .join('option').attr('value', (d) => d.name).text((d) => d.name);
    if (selectedName && list.some((s) => s.name === selectedName)) root.select('select[name=scenario]').property('value', selectedName);
    describe();
    return panel;
  };
  /** Recent runs for the picker: [{id, status, scenario: {name}, createdAt}]. */
  panel.runs = function (list, currentId) {
    const options = [{ id: '', label: list.length ? 'choose a run to show…' : 'no runs yet' }, ...list.map((r) => ({
      id: r.id,
      label: `${r.createdAt.slice(11, 19)} ${r.scenario.name} (seed ${r.scenario.seed}, ${r.scenario.days} d) – ${r.status}`,
    }))];
    root.select('select[name=runs]').selectAll('option').data(options, (d) => d.id)
      .join('option').attr('value', (d) => d.id).text((d) => d.label);
    root.select('select[name=runs]').property('value', currentId ?? '');
    return panel;
  };
  /** Shows a run's state: {status, stage, progress, error}; `keptName`: the run whose results stay on screen. */
  panel.progress = function (run, keptName = null) {
    const running = run && run.status === 'running';
    root.select('progress').property('value', run ? (run.status === 'done' ? 1 : run.progress ?? 0) : 0);
    root.select('.cancel-button').attr('hidden', running ? null : true);
    root.selectAll('.run-button, .run-document').property('disabled', Boolean(running));
    let text = '';
    if (run) {
      const name = run.scenario?.name ?? '';
      if (run.status === 'running') text = `${name}: ${run.stage === 'running' ? `${Math.round((run.progress ?? 0) * 100)} %` : `${run.stage}…`}`;
      else if (run.status === 'done') text = `${name}: done${run.wallS !== null && run.wallS !== undefined ? ` in ${run.wallS.toFixed(1)} s` : ''}`;
      else text = `${name}: ${run.status === 'cancelled' ? 'stopped' : run.status}${run.error ? ` – ${run.error}` : ''}`;
      if (run.status === 'running' && keptName) text += ` (the results of ${keptName} stay until it is done)`;
      if ((run.status === 'cancelled' || run.status === 'failed') && keptName) text += `; the results of ${keptName} stay on screen`;
    }
    root.select('.run-status').text(text);
    return panel;
  };
  /** The run's warnings (demands cut by the span, element-set age, ...), each on its own line. */
  panel.warnings = function (list, runName) {
    const box = root.select('.run-warnings');
    const items = list ?? [];
    box.attr('hidden', items.length > 0 ? null : true)
      .html(items.length === 0 ? '' : `<p class="warning-title">${items.length} warning${items.length === 1 ? '' : 's'}${runName ? ` for ${escapeHtml(runName)}` : ''}:</p><ul class="warning-list">${items.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`);
    return panel;
  };
  panel.onCancel = function (_) {
    root.select('.cancel-button').on('click', _);
    return panel;
  };
  /**
   * Shows the errors of a refused run: request issues next to their fields (seed, days, scenario),
   * scenario issues next to the document lines they concern.
   */
  panel.errors = function (body, kind) {
    clearIssues();
    const issues = body?.issues ?? [];
    const fieldIssues = issues.filter((i) => FIELD_PATHS.has(i.path) && (body.error === 'invalid request' || !i.line));
    for (const i of fieldIssues) {
      root.select(`.field-error[data-field="${i.path}"]`).text(i.message);
      root.select(`[name="${i.path}"]`).classed('invalid', true).attr('aria-invalid', 'true');
    }
    const rest = issues.filter((i) => !fieldIssues.includes(i));
    if (rest.length > 0 && kind === 'document') showDocIssues(root.select('textarea').property('value'), rest);
    else if (rest.length > 0) root.select('.form-errors').html(`<ul class="issue-list">${rest.map((i) => `<li>${escapeHtml(i.text ?? i.message)}</li>`).join('')}</ul>`);
    else if (issues.length === 0) root.select('.form-errors').text(body?.message ?? body?.error ?? 'the server refused the run');
    return panel;
  };
  return panel;
}
