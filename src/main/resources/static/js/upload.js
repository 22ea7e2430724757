// One file sent with the tus 1.0 protocol (docs/api.md, "Uploads with tus"): POST creates the
// upload, PATCHes send it in chunks, HEAD tells where to go on after a break, DELETE cancels.
// The few requests are written here rather than pulling in tus-js-client: the client has no
// build step and loads nothing from elsewhere, and we need only the core and termination.

import { xsrfToken } from './api.js';
import { problemText, t } from './i18n.js';

// A few PATCHes per file of some MB: each one that ends saves progress on the server, and a
// dropped connection costs at most one chunk.
const CHUNK_BYTES = 1024 * 1024;
// Network errors and 423 (another PATCH still holds the upload) are retried after these waits.
const RETRY_DELAYS_MS = [500, 1_000, 3_000, 5_000, 10_000];
// Speed is averaged over the progress reports of this window, so the ETA does not jump about.
const SPEED_WINDOW_MS = 3_000;
const TUS = { 'Tus-Resumable': '1.0.0' };
const STORAGE_PREFIX = 'tidings.upload:';

/** The localStorage key that finds this file's unfinished upload again after a reload. */
function storageKey(file, conversationId) {
  return `${STORAGE_PREFIX}${conversationId}:${file.name}:${file.size}:${file.lastModified}`;
}

const base64 = (text) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

class UploadError extends Error {
  constructor(status, code, detail, retryable) {
    super(detail);
    this.status = status;
    this.code = code;
    this.retryable = retryable;
  }
}

async function failure(response) {
  let problem = {};
  try {
    problem = await response.json();
  } catch {
    // Not problem+json (a proxy's page): the status says enough.
  }
  const retryable = response.status === 423 || response.status >= 500 || response.status === 429;
  return new UploadError(response.status, problem.code ?? `http_${response.status}`, problemText(problem.code, problem.detail ?? response.statusText, problem), retryable);
}

function headers(extra = {}) {
  const token = xsrfToken();
  return { ...TUS, ...(token ? { 'X-XSRF-TOKEN': token } : {}), ...extra };
}

async function tusFetch(url, init) {
  try {
    return await fetch(url, { credentials: 'same-origin', cache: 'no-store', ...init });
  } catch (error) {
    throw new UploadError(0, 'network', t('problem.network', { reason: error.message }), true);
  }
}

/**
 * A file on its way. `state`: uploading, paused, waiting (retrying after an error), done,
 * failed or cancelled. `onChange(upload)` is called whenever anything shown changes.
 */
export class Upload {
  state = 'uploading';
  offset = 0;
  bytesPerSecond = null;
  etaSeconds = null;
  error = null;
  url = null;
  #xhr = null;
  #samples = [];
  #attempt = 0;
  #run = 0;
  #onChange;

  constructor(file, conversationId, onChange) {
    this.file = file;
    this.conversationId = conversationId;
    this.id = crypto.randomUUID();
    this.#onChange = onChange;
  }

  get length() {
    return this.file.size;
  }

  get percent() {
    return this.length === 0 ? 100 : Math.floor((this.offset * 100) / this.length);
  }

  start() {
    this.state = 'uploading';
    this.error = null;
    const run = ++this.#run;
    this.#changed();
    this.#go(run).catch((error) => this.#failed(run, error));
  }

  pause() {
    if (this.state !== 'uploading' && this.state !== 'waiting') return;
    this.#run++;
    this.#xhr?.abort();
    this.state = 'paused';
    this.bytesPerSecond = null;
    this.etaSeconds = null;
    this.#changed();
  }

  resume() {
    if (this.state !== 'paused' && this.state !== 'failed') return;
    this.#attempt = 0;
    this.start();
  }

  /** Stops sending and deletes what the server holds (tus termination). */
  async cancel() {
    if (this.state === 'done' || this.state === 'cancelled') return;
    this.#run++;
    this.#xhr?.abort();
    this.state = 'cancelled';
    this.#changed();
    await this.#terminate();
  }

  async #terminate() {
    localStorage.removeItem(storageKey(this.file, this.conversationId));
    if (!this.url) return;
    // The PATCH just aborted may hold the upload's lock a moment longer: 423, retry. If every
    // try fails the upload expires on the server by itself (24 h).
    for (const delay of [0, ...RETRY_DELAYS_MS]) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      const response = await tusFetch(this.url, { method: 'DELETE', headers: headers() }).catch(() => null);
      const retry = response == null || response.status === 423 || response.status === 429 || response.status >= 500;
      if (!retry) return;
    }
  }

  #changed() {
    this.#onChange(this);
  }

  async #go(run) {
    this.url ??= await this.#resumable();
    if (this.url) {
      await this.#head();
    } else {
      await this.#create();
    }
    while (run === this.#run && this.offset < this.length) {
      await this.#patch(run);
      this.#attempt = 0;
    }
    if (run !== this.#run) {
      // Cancelled while the POST was under way: the upload it made is not wanted either.
      if (this.state === 'cancelled') await this.#terminate();
      return;
    }
    localStorage.removeItem(storageKey(this.file, this.conversationId));
    this.state = 'done';
    this.bytesPerSecond = null;
    this.etaSeconds = 0;
    this.#changed();
  }

  /** An upload of this very file begun before (a reload, a crash) and still on the server. */
  async #resumable() {
    const key = storageKey(this.file, this.conversationId);
    const url = localStorage.getItem(key);
    if (!url) return null;
    const response = await tusFetch(url, { method: 'HEAD', headers: TUS });
    if (response.ok) return url;
    if (response.status === 404 || response.status === 410) {
      localStorage.removeItem(key);
      return null;
    }
    throw await failure(response);
  }

  async #create() {
    const metadata = [
      `filename ${base64(this.file.name)}`,
      `type ${base64(this.file.type || 'application/octet-stream')}`,
      `conversationId ${base64(String(this.conversationId))}`,
    ].join(',');
    const response = await tusFetch('/api/uploads', {
      method: 'POST',
      headers: headers({ 'Upload-Length': String(this.length), 'Upload-Metadata': metadata }),
    });
    if (response.status !== 201) throw await failure(response);
    this.url = new URL(response.headers.get('Location'), window.location.href).href;
    this.offset = Number(response.headers.get('Upload-Offset') ?? 0);
    localStorage.setItem(storageKey(this.file, this.conversationId), this.url);
  }

  /** Where the server stands: bytes it saved may be fewer than we sent before the break. */
  async #head() {
    const response = await tusFetch(this.url, { method: 'HEAD', headers: TUS });
    if (!response.ok) throw await failure(response);
    this.offset = Number(response.headers.get('Upload-Offset'));
    this.#changed();
  }

  #patch(run) {
    const start = this.offset;
    const chunk = this.file.slice(start, Math.min(start + CHUNK_BYTES, this.length));
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      this.#xhr = xhr;
      xhr.open('PATCH', this.url);
      for (const [name, value] of Object.entries(headers({ 'Upload-Offset': String(start), 'Content-Type': 'application/offset+octet-stream' }))) {
        xhr.setRequestHeader(name, value);
      }
      xhr.upload.onprogress = (event) => {
        if (run !== this.#run) return;
        this.offset = start + event.loaded;
        this.#measure();
        this.#changed();
      };
      xhr.onload = () => {
        if (xhr.status === 204) {
          this.offset = Number(xhr.getResponseHeader('Upload-Offset'));
          resolve();
          return;
        }
        let problem = {};
        try {
          problem = JSON.parse(xhr.responseText);
        } catch {
          // Not problem+json.
        }
        const status = xhr.status;
        // 409 offset_mismatch: another tab or an earlier attempt moved on; HEAD and go on.
        const retryable = status === 423 || status === 429 || status >= 500 || problem.code === 'offset_mismatch';
        reject(new UploadError(status, problem.code ?? `http_${status}`, problemText(problem.code, problem.detail ?? xhr.statusText, problem), retryable));
      };
      xhr.onerror = () => reject(new UploadError(0, 'network', t('upload.broke'), true));
      xhr.onabort = () => resolve();
      xhr.send(chunk);
    });
  }

  #measure() {
    const now = performance.now();
    this.#samples.push({ at: now, offset: this.offset });
    while (this.#samples.length > 2 && now - this.#samples[0].at > SPEED_WINDOW_MS) this.#samples.shift();
    const first = this.#samples[0];
    const seconds = (now - first.at) / 1000;
    if (seconds < 0.2 || this.offset <= first.offset) return;
    this.bytesPerSecond = (this.offset - first.offset) / seconds;
    this.etaSeconds = (this.length - this.offset) / this.bytesPerSecond;
  }

  #failed(run, error) {
    if (run !== this.#run) return;
    this.#samples = [];
    this.bytesPerSecond = null;
    this.etaSeconds = null;
    if (error.retryable && this.#attempt < RETRY_DELAYS_MS.length) {
      const delay = RETRY_DELAYS_MS[this.#attempt++];
      this.state = 'waiting';
      this.error = error.message;
      this.#changed();
      // After the wait a HEAD finds the offset the server kept (this.url is set by then).
      setTimeout(() => {
        if (run === this.#run) this.start();
      }, delay);
      return;
    }
    if (error.code === 'upload_expired' || error.status === 404) {
      // Gone on the server: the next try starts afresh.
      localStorage.removeItem(storageKey(this.file, this.conversationId));
      this.url = null;
      this.offset = 0;
    }
    this.state = 'failed';
    this.error = error.message;
    this.#changed();
  }
}
