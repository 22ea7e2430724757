// Server: what this node is doing now (GET /api/admin/server every 5 s while shown), small charts
// of a few series over the last minutes drawn as inline SVG, backups (a job whose progress comes
// on the stream), and the way to the other sections an operator needs.

import { adminApi } from '../../adminApi.js';
import { $on, el } from '../../dom.js';
import { bytes, fullTime } from '../../format.js';
import { t } from '../../i18n.js';
import { Section } from './section.js';

const REFRESH_MS = 5000;
const POINTS = 60; // five minutes at one point every 5 s
const SVG = 'http://www.w3.org/2000/svg';
const FINAL = new Set(['succeeded', 'failed', 'cancelled']);

function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  return node;
}

/** One series drawn as a polyline scaled to its own maximum, with the latest value beside it. */
class Chart {
  #points = [];
  #line = svg('polyline', { fill: 'none', stroke: 'currentColor', 'stroke-width': '1.5', points: '' });
  #value = el('span', { className: 'chart-value' });

  constructor(id, label, format) {
    this.format = format;
    const box = svg('svg', { viewBox: `0 0 ${POINTS - 1} 30`, preserveAspectRatio: 'none', width: '100%', height: '48', role: 'img', 'aria-label': label });
    box.append(svg('line', { x1: 0, y1: 30, x2: POINTS - 1, y2: 30, stroke: 'currentColor', 'stroke-opacity': '0.3' }), this.#line);
    this.root = el('figure', { className: 'server-chart', attrs: { id: `server-chart-${id}` } }, el('figcaption', {}, el('span', { text: `${label} ` }), this.#value), box);
  }

  push(value) {
    this.#points.push(value);
    if (this.#points.length > POINTS) this.#points.shift();
    const top = Math.max(...this.#points, 1e-9);
    const offset = POINTS - this.#points.length;
    this.#line.setAttribute('points', this.#points.map((v, i) => `${offset + i},${(30 - (v / top) * 28).toFixed(2)}`).join(' '));
    this.#value.textContent = this.format(value);
  }

  reset() {
    this.#points = [];
    this.#line.setAttribute('points', '');
  }
}

const total = (counts) => Object.values(counts ?? {}).reduce((sum, n) => sum + n, 0);
const number = (n) => (Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 2 : 0));
const ms = (n) => (n == null ? '–' : `${number(n)} ms`);
const byKey = (counts) =>
  Object.entries(counts ?? {})
    .map(([key, n]) => `${key} ${number(n)}`)
    .join(', ') || t('server.none');

export class ServerSection extends Section {
  #figures = el('dl', { className: 'server-figures', attrs: { id: 'server-figures' } });
  #charts = {
    sends: new Chart('sends', t('server.chart.sends'), (n) => number(n)),
    online: new Chart('online', t('server.chart.online'), (n) => number(n)),
    heap: new Chart('heap', t('server.chart.heap'), (n) => bytes(n)),
  };
  #progress = el('progress', { attrs: { id: 'backup-progress', max: '1', value: '0', 'aria-label': t('server.backup.progress') } });
  #progressText = el('span', { className: 'muted', attrs: { id: 'backup-progress-text' } });
  #start = el('button', { text: t('server.backup.start'), className: 'primary', attrs: { id: 'backup-start', type: 'button' } });
  #archives = el('ul', { className: 'admin-list', attrs: { id: 'backup-list', 'aria-label': t('server.backups') } });
  #backupJob = null;
  // Events of backups by job id: the stream can tell of the job before the POST's answer arrives.
  #seen = new Map();
  #timer = null;
  #last = null;

  constructor({ onForbidden, open }) {
    super('server', t('server.title'), onForbidden);
    const link = (id, text) => el('button', { text, className: 'link-button', attrs: { type: 'button', 'data-goto': id }, on: { click: () => open(id) } });
    this.#progress.hidden = true;
    this.root.append(
      this.#figures,
      el('div', { className: 'server-charts' }, ...Object.values(this.#charts).map((chart) => chart.root)),
      el('h3', { text: t('server.backups') }),
      el('p', { className: 'muted', text: t('server.backup.about') }),
      el('div', { className: 'admin-fields' }, this.#start, this.#progress, this.#progressText),
      this.#archives,
      el('h3', { text: t('server.elsewhere') }),
      el('p', { className: 'server-links' }, link('registration', t('registration.title')), ' · ', link('reports', t('reports.title')), ' · ', link('audit', t('audit.title'))),
    );
    $on(this.#start, 'click', () => this.#startBackup());
  }

  async load() {
    this.#last = null;
    for (const chart of Object.values(this.#charts)) chart.reset();
    clearInterval(this.#timer);
    this.#timer = setInterval(() => this.#tick(), REFRESH_MS);
    await Promise.all([this.#refresh(), this.#loadArchives()]);
  }

  /** Refreshes only while the section is on screen; stops once it is hidden or the pages close. */
  #tick() {
    if (this.root.hidden || this.root.closest('[hidden]') || !this.root.isConnected) {
      clearInterval(this.#timer);
      this.#timer = null;
      return;
    }
    this.#refresh();
  }

  async #refresh() {
    await this.attempt(async () => {
      const now = await adminApi.server();
      const at = performance.now();
      const sends = total(now.sends);
      if (this.#last) {
        const seconds = Math.max((at - this.#last.at) / 1000, 0.001);
        this.#charts.sends.push(Math.max(sends - this.#last.sends, 0) / seconds);
      }
      this.#last = { at, sends };
      this.#charts.online.push(now.usersOnline);
      this.#charts.heap.push(now.heap.usedBytes);
      this.#render(now);
    });
  }

  #render(now) {
    const rows = [
      [t('server.figure.online'), number(now.usersOnline)],
      [t('server.figure.sends'), byKey(now.sends)],
      [t('server.figure.batch'), now.writer.batchSizeMean == null ? '–' : number(now.writer.batchSizeMean)],
      [t('server.figure.commit'), `${ms(now.writer.commitP50Ms)} / ${ms(now.writer.commitP99Ms)}`],
      [t('server.figure.rateLimits'), byKey(now.rateLimitRefusals)],
      [t('server.figure.loginFailures'), number(now.loginFailures)],
      [t('server.figure.uploadBytes'), bytes(now.uploads.receivedBytes)],
      [t('server.figure.uploads'), number(now.uploads.active)],
      [t('server.figure.jobs'), number(now.jobsRunning)],
      [t('server.figure.jobsQueued'), number(now.jobsQueued)],
      [t('server.figure.streamsOpen'), byKey(now.streams?.open)],
      [t('server.figure.delivered'), byKey(now.streams?.delivered)],
      [t('server.figure.slowConsumers'), byKey(now.streams?.slowConsumers)],
      [t('server.figure.streamsRefused'), number(now.streams?.refused ?? 0)],
      [t('server.figure.pollsWaiting'), number(now.streams?.pollsWaiting ?? 0)],
      [t('server.figure.heap'), t('server.heapOf', { used: bytes(now.heap.usedBytes), max: now.heap.maxBytes > 0 ? bytes(now.heap.maxBytes) : '?' })],
      [t('server.figure.uptime'), t('server.uptime', { hours: Math.floor(now.uptimeSeconds / 3600), minutes: Math.floor((now.uptimeSeconds % 3600) / 60) })],
      [t('server.figure.version'), now.version],
      [t('server.figure.database'), now.database],
      [t('server.figure.registration'), now.registrationPolicy],
    ];
    this.#figures.replaceChildren(...rows.flatMap(([term, value]) => [el('dt', { text: term }), el('dd', { text: value })]));
  }

  async #loadArchives() {
    await this.attempt(async () => {
      const archives = await adminApi.backups();
      this.#archives.replaceChildren(
        ...archives.map((archive) =>
          el(
            'li',
            { dataset: { name: archive.name } },
            el('a', { text: archive.name, attrs: { href: adminApi.backupUrl(archive.name), download: archive.name } }),
            el('span', { className: 'muted', text: ` ${bytes(archive.size)}, ${fullTime(archive.modifiedAt)}` }),
          ),
        ),
      );
      if (archives.length === 0) this.#archives.append(el('li', { className: 'muted', text: t('server.backup.none') }));
    });
  }

  async #startBackup() {
    this.#start.disabled = true;
    const started = await this.attempt(async () => {
      const { jobId, name } = await adminApi.startBackup();
      this.#backupJob = jobId;
      this.#progress.hidden = false;
      this.#progress.removeAttribute('value');
      this.#progressText.textContent = t('server.backup.writing', { name });
      const early = this.#seen.get(jobId);
      if (early) this.jobChanged(early);
    });
    if (!started) this.#start.disabled = false;
  }

  /** The backup's job.progress and job.finished events, from the stream. */
  jobChanged(job) {
    if (job.type !== 'backup') return;
    const known = this.#seen.get(job.id);
    if (!(known && FINAL.has(known.state))) this.#seen.set(job.id, job);
    if (job.id !== this.#backupJob) return;
    if (job.total) {
      this.#progress.max = job.total;
      this.#progress.value = job.done;
    }
    if (!FINAL.has(job.state)) {
      this.#progressText.textContent = t('server.backup.archived', { bytes: bytes(job.done) });
      return;
    }
    this.#backupJob = null;
    this.#start.disabled = false;
    this.#progress.hidden = true;
    this.#progressText.textContent = '';
    if (job.state === 'succeeded') this.notice(t('server.backup.finished'));
    else this.fail({ code: 'backup_failed', status: 0, message: t('server.backup.failed', { detail: job.error?.detail ?? t('server.backup.seeLog') }) });
    this.#loadArchives();
  }
}
