// Files going up and exports being made: the attach button, dropping files on the conversation,
// and the tray of progress bars above the composer (uploads with pause, resume and cancel;
// export jobs, with a download link once finished).

import { api } from '../api.js';
import { $delegate, $on, el, qs, reconcile, show } from '../dom.js';
import { bytes, duration } from '../format.js';
import { Upload } from '../upload.js';
import { has, problemText, t } from '../i18n.js';

// A finished row stays this long so its 100 % is seen, then makes room; the message with the
// file is in the conversation by then.
const DONE_SHOWN_MS = 10_000;
const FINAL_JOB_STATES = new Set(['succeeded', 'failed', 'cancelled']);

export class TransfersView {
  #tray = qs('#transfers');
  #input = qs('#file-input');
  #chat = qs('main.chat');
  #uploads = new Map();
  #jobs = new Map();
  // upload id -> {jobId, stage, state}: the attachment job that turns a finished upload into
  // its message. Only when that job succeeded is the file in the conversation ("Sent").
  #processing = new Map();
  #openId = null;
  #canSend = false;

  constructor() {
    $on(qs('#attach'), 'click', () => this.#input.click());
    $on(this.#input, 'change', () => {
      this.#send(this.#input.files);
      // The same file can be chosen again (to send it twice).
      this.#input.value = '';
    });
    $on(qs('#export-button'), 'click', () => this.#export());
    $on(this.#chat, 'dragover', (event) => {
      if (!this.#accepts(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      this.#chat.classList.add('drop-target');
    });
    $on(this.#chat, 'dragleave', (event) => {
      if (!this.#chat.contains(event.relatedTarget)) this.#chat.classList.remove('drop-target');
    });
    $on(this.#chat, 'drop', (event) => {
      this.#chat.classList.remove('drop-target');
      if (!this.#accepts(event)) return;
      event.preventDefault();
      this.#send(event.dataTransfer.files);
    });
    $delegate(this.#tray, 'button[data-action]', 'click', (event, button) => this.#act(button));
  }

  render(store) {
    const conversation = store?.conversations.get(store.openId) ?? null;
    this.#openId = conversation?.id ?? null;
    this.#canSend = conversation?.canSend ?? false;
    show(qs('#export-button'), conversation != null);
    this.#draw();
  }

  /** Signed out: stop everything of the previous person. */
  reset() {
    for (const upload of this.#uploads.values()) upload.pause();
    this.#uploads.clear();
    this.#jobs.clear();
    this.#processing.clear();
    this.#draw();
  }

  /** A job.progress or job.finished event (docs/api.md, "Job events"). */
  jobChanged(job) {
    if (job.type === 'attachment') {
      this.#attachmentJob(job);
      return;
    }
    if (job.type !== 'export') return;
    const known = this.#jobs.get(job.id);
    // The POST's answer can come after the first events: never go back from a final state.
    if (known && FINAL_JOB_STATES.has(known.state) && !FINAL_JOB_STATES.has(job.state)) return;
    if (known && !FINAL_JOB_STATES.has(job.state) && (known.done ?? 0) > (job.done ?? 0)) return;
    this.#jobs.set(job.id, job);
    this.#draw();
  }

  #accepts(event) {
    return this.#openId != null && this.#canSend && event.dataTransfer?.types.includes('Files');
  }

  #send(files) {
    if (this.#openId == null) return;
    for (const file of files) {
      const upload = new Upload(file, this.#openId, (changed) => this.#uploadChanged(changed));
      this.#uploads.set(upload.id, upload);
      upload.start();
    }
  }

  #uploadChanged(upload) {
    if (upload.state === 'cancelled') this.#dropLater(upload, 0);
    if (upload.state === 'done' && this.#processing.get(upload.id)?.state === 'succeeded') this.#dropLater(upload, DONE_SHOWN_MS);
    this.#draw();
  }

  #dropLater(upload, delayMs) {
    setTimeout(() => {
      this.#uploads.delete(upload.id);
      this.#processing.delete(upload.id);
      this.#draw();
    }, delayMs);
  }

  /**
   * Job events do not name their upload until the result does, so a job's first event is
   * matched to the oldest upload whose bytes are all in and that has no job yet (the server
   * queues the job when the last byte arrives, in order).
   */
  #attachmentJob(job) {
    const uploadId = safeParse(job.result)?.uploadId;
    const entryOf = (upload) => this.#processing.get(upload.id);
    let upload =
      [...this.#uploads.values()].find((candidate) => entryOf(candidate)?.jobId === job.id) ??
      (uploadId && [...this.#uploads.values()].find((candidate) => candidate.url?.endsWith(`/${uploadId}`))) ??
      [...this.#uploads.values()].find((candidate) => candidate.offset === candidate.length && candidate.length > 0 && !entryOf(candidate));
    if (!upload) return;
    const known = entryOf(upload);
    if (known && FINAL_JOB_STATES.has(known.state)) return;
    this.#processing.set(upload.id, { jobId: job.id, stage: job.stage, state: job.state, error: job.error });
    if (job.state === 'succeeded' && upload.state === 'done') this.#dropLater(upload, DONE_SHOWN_MS);
    this.#draw();
  }

  async #export() {
    const id = this.#openId;
    if (id == null) return;
    const line = qs('#transfer-error');
    line.textContent = '';
    try {
      this.jobChanged(await api.exportConversation(id, 'html'));
    } catch (error) {
      line.textContent = t('transfer.exportFailed', { reason: error.message });
    }
  }

  #act(button) {
    const key = button.closest('li').dataset.key;
    const action = button.dataset.action;
    if (key.startsWith('job:')) {
      this.#jobs.delete(Number(key.slice(4)));
      this.#draw();
      return;
    }
    const upload = this.#uploads.get(key.slice('upload:'.length));
    if (action === 'pause') upload?.pause();
    else if (action === 'resume') upload?.resume();
    else if (action === 'cancel') upload?.cancel();
  }

  #draw() {
    const items = [
      ...[...this.#uploads.values()].map((upload) => ({ key: `upload:${upload.id}`, upload })),
      ...[...this.#jobs.values()].map((job) => ({ key: `job:${job.id}`, job })),
    ];
    reconcile(this.#tray, items, {
      key: (item) => item.key,
      create: (item) => (item.upload ? createUploadRow(item.upload) : createJobRow(item.job)),
      update: (node, item) =>
        item.upload ? updateUploadRow(node, item.upload, this.#processing.get(item.upload.id)) : updateJobRow(node, item.job),
    });
    show(this.#tray, items.length > 0);
  }
}

function button(action, text, label) {
  return el('button', { text, dataset: { action }, attrs: { type: 'button', 'aria-label': label } });
}

function createUploadRow(upload) {
  const name = upload.file.name;
  return el(
    'li',
    { className: 'transfer upload' },
    el('span', { className: 'transfer-name', text: name }),
    el('progress', { attrs: { max: 100, value: 0, 'aria-label': t('transfer.uploadOf', { name }) } }),
    el('span', { className: 'transfer-detail' }),
    el(
      'span',
      { className: 'transfer-actions' },
      button('pause', t('transfer.pause'), t('transfer.pauseLabel', { name })),
      button('resume', t('transfer.resume'), t('transfer.resumeLabel', { name })),
      button('cancel', t('common.cancel'), t('transfer.cancelLabel', { name })),
    ),
  );
}

/** The job's result comes as JSON text or, from some paths, already parsed. */
function safeParse(result) {
  if (result == null || typeof result === 'object') return result;
  try {
    return JSON.parse(result);
  } catch {
    return null;
  }
}

function updateUploadRow(node, upload, processing) {
  // All bytes in is not sent yet: the file is "processing" until its job made the message.
  const shown = upload.state !== 'done' ? upload.state : processing?.state === 'succeeded' ? 'done' : processing?.state === 'failed' ? 'failed' : 'processing';
  node.dataset.state = shown;
  const progress = qs('progress', node);
  progress.value = upload.percent;
  progress.setAttribute('aria-valuetext', `${upload.percent} %`);
  qs('.transfer-detail', node).textContent = shown === 'processing' ? processingDetail(upload, processing) : shown === 'failed' && upload.state === 'done' ? `Failed: ${processing.error?.detail ?? processing.error?.code ?? 'the file could not be prepared'}` : uploadDetail(upload);
  const active = upload.state === 'uploading' || upload.state === 'waiting';
  show(qs('[data-action=pause]', node), active);
  show(qs('[data-action=resume]', node), upload.state === 'paused' || upload.state === 'failed');
  show(qs('[data-action=cancel]', node), active || upload.state === 'paused' || upload.state === 'failed');
}

function processingDetail(upload, processing) {
  const stage = processing?.stage ? ` (${stageText(processing.stage)})` : '';
  return `100 % · ${bytes(upload.length)} · ${t('transfer.processing')}${stage}`;
}

function uploadDetail(upload) {
  const amount = `${upload.percent} % · ${t('transfer.amount', { done: bytes(upload.offset), total: bytes(upload.length) })}`;
  switch (upload.state) {
    case 'done':
      return `${amount} · ${t('transfer.sent')}`;
    case 'paused':
      return `${amount} · ${t('transfer.paused')}`;
    case 'cancelled':
      return t('transfer.cancelled');
    case 'waiting':
      return `${amount} · ${t('transfer.retrying', { reason: upload.error })}`;
    case 'failed':
      return `${amount} · ${t('transfer.failed', { reason: upload.error })}`;
    default: {
      const speed = upload.bytesPerSecond ? ` · ${bytes(upload.bytesPerSecond)}/s` : '';
      const eta = upload.etaSeconds != null && upload.bytesPerSecond ? ` · ${t('transfer.left', { time: duration(upload.etaSeconds) })}` : '';
      return `${amount}${speed}${eta}`;
    }
  }
}

function createJobRow(job) {
  return el(
    'li',
    { className: 'transfer job' },
    el('span', { className: 'transfer-name', text: t('transfer.export') }),
    el('progress', { attrs: { max: 100, 'aria-label': t('transfer.export') } }),
    el('span', { className: 'transfer-detail' }),
    el(
      'span',
      { className: 'transfer-actions' },
      el('a', { className: 'download', text: t('transfer.download'), attrs: { href: `/api/jobs/${job.id}/result`, download: '' } }),
      button('dismiss', t('transfer.dismiss'), t('transfer.dismissLabel')),
    ),
  );
}

function updateJobRow(node, job) {
  node.dataset.state = job.state;
  const progress = qs('progress', node);
  // Without a total yet the bar is indeterminate (no value attribute).
  if (job.percent != null) {
    progress.value = job.percent;
    progress.setAttribute('aria-valuetext', `${job.percent} %`);
  } else {
    progress.removeAttribute('value');
  }
  qs('.transfer-detail', node).textContent = jobDetail(job);
  show(qs('a.download', node), job.state === 'succeeded');
  show(qs('[data-action=dismiss]', node), FINAL_JOB_STATES.has(job.state));
}

function jobDetail(job) {
  if (job.state === 'queued') return t('transfer.queued');
  if (job.state === 'succeeded') {
    const size = job.result?.download?.size;
    return `100 % · ${t('transfer.ready')}${size != null ? ` (${bytes(size)})` : ''}`;
  }
  if (job.state === 'failed') return t('transfer.failed', { reason: problemText(job.error?.code, job.error?.detail ?? job.error?.code ?? t('transfer.unknownError')) });
  if (job.state === 'cancelled') return t('transfer.cancelled');
  const parts = [job.percent != null ? `${job.percent} %` : t('transfer.working')];
  if (job.stage) parts.push(stageText(job.stage));
  if (job.etaSeconds != null) parts.push(t('transfer.left', { time: duration(job.etaSeconds) }));
  return parts.join(' · ');
}

/** A job's stage in words: the server names them in English (`detecting type`). */
function stageText(stage) {
  const key = `job.stage.${stage}`;
  return has(key) ? t(key) : stage;
}
