// Drives tus-js-client, a real third-party tus client, for the Java tests
// (src/test/java/org/tidings/upload/TusClient.java). One JSON argument says what to do; every
// step the client takes is printed as one JSON line, so the test can follow and check it.
import { readFileSync } from 'node:fs';
import * as tus from 'tus-js-client';

const options = JSON.parse(process.argv[2]);
const data = readFileSync(options.file);
const log = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let aborting = false;

const upload = new tus.Upload(data, {
  endpoint: options.endpoint,
  // Node has no URL storage by default: a resume names the upload's URL itself.
  uploadUrl: options.uploadUrl ?? null,
  chunkSize: options.chunkSize ?? Number.POSITIVE_INFINITY,
  uploadDataDuringCreation: Boolean(options.withUpload),
  uploadLengthDeferred: Boolean(options.deferred),
  retryDelays: options.retryDelays ?? null,
  headers: { Authorization: `Bearer ${options.token}` },
  metadata: {
    filename: options.filename,
    type: options.type ?? 'application/octet-stream',
    conversationId: String(options.conversationId),
  },
  onBeforeRequest: async (req) => {
    log({ event: 'request', method: req.getMethod(), offset: req.getHeader('Upload-Offset') ?? null });
    // Slows the upload down so a test can act while it is under way.
    if (options.delayMs && req.getMethod() === 'PATCH') {
      await sleep(options.delayMs);
    }
  },
  onAfterResponse: (req, res) => {
    log({ event: 'response', method: req.getMethod(), status: res.getStatus(), offset: res.getHeader('Upload-Offset') ?? null });
  },
  onUploadUrlAvailable: () => log({ event: 'url', url: upload.url }),
  onProgress: (sent, total) => {
    log({ event: 'progress', sent, total });
    if (options.abortAt && !aborting && sent >= options.abortAt) {
      aborting = true;
      upload.abort().then(() => {
        log({ event: 'aborted', url: upload.url });
        process.exit(0);
      });
    }
  },
  onSuccess: () => {
    log({ event: 'success', url: upload.url });
    process.exit(0);
  },
  onError: (error) => {
    log({ event: 'error', message: String(error) });
    process.exit(1);
  },
});

upload.start();
