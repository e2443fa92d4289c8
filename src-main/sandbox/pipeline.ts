import { createHash } from 'node:crypto';
import type { ImagesRepo, ImagePatch, ImageRow } from './db/images-repo.js';
import type { LogsRepo } from './db/logs-repo.js';
import { REFUSED_PATCH, type CheckOutcome, type UploadCheck } from './zip/upload-check.js';

/** Simulated processing that the real service runs after an upload: tiling, tissue area, auto-annotation. */
interface Step {
  /** Applies when this returns true for the current row. */
  when: (row: ImageRow) => boolean;
  patch: (row: ImageRow) => ImagePatch;
  log: (row: ImageRow) => { type: string; message: string };
  /** How long this step takes (ms at speed 1) before the next one runs. */
  durationMs: number;
}

const seeded = (uid: string, salt: string): number =>
  createHash('sha256')
    .update(uid + salt)
    .digest()
    .readUInt32BE(0) / 0xffffffff;

const PROCESSING_STEPS: readonly Step[] = [
  {
    when: (row) => row.tiling_status === 'Pending',
    patch: () => ({ tiling_status: 'In Progress' }),
    log: () => ({ type: 'Tiling', message: 'Tiling is running' }),
    durationMs: 3000,
  },
  {
    when: (row) => row.tiling_status === 'In Progress',
    patch: () => ({ tiling_status: 'Completed', tissuearea_status: 'In Progress' }),
    log: (row) => ({
      type: 'Tiling',
      message: `Tiling completed: ${Math.round(800 + seeded(row.image_unique_id, 'tiles') * 9000)} tiles at 20x`,
    }),
    durationMs: 2000,
  },
  {
    when: (row) => row.tissuearea_status === 'In Progress',
    patch: (row) => ({
      tissuearea_status: 'Completed',
      tissue_area: Math.round((20 + seeded(row.image_unique_id, 'area') * 180) * 100) / 100,
      annotation_status: 'In Progress',
    }),
    log: () => ({ type: 'TissueArea', message: 'Tissue area detected' }),
    durationMs: 2000,
  },
  {
    when: (row) => row.annotation_status === 'In Progress',
    patch: () => ({ annotation_status: 'Completed' }),
    log: () => ({ type: 'Annotation', message: 'Automatic annotation completed' }),
    durationMs: 0,
  },
];

export interface PipelineDeps {
  images: ImagesRepo;
  logs: LogsRepo;
  /** >1 runs the simulation faster (tests use 20-100). */
  speed: number;
  /**
   * Runs on an uploaded image it applies to before the first step (the ZIP check of multi-file slides). It is not
   * sped up: it reads the real object. A refused upload stops here with the check's statuses and log entries.
   */
  check?: UploadCheck;
}

/**
 * Drives the processing steps with timers. The next step is derived from the stored statuses, so after a
 * restart {@link resumeAll} picks every image up where it was.
 */
export class ProcessingSimulator {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly checks = new Map<string, AbortController>();

  constructor(private readonly deps: PipelineDeps) {}

  start(uid: string): void {
    if (!this.timers.has(uid) && !this.checks.has(uid)) this.advance(uid);
  }

  resumeAll(): void {
    for (const row of this.deps.images.all()) {
      if (row.uploaded === 1 && PROCESSING_STEPS.some((step) => step.when(row)))
        this.start(row.image_unique_id);
    }
  }

  cancel(uid: string): void {
    clearTimeout(this.timers.get(uid));
    this.timers.delete(uid);
    this.checks.get(uid)?.abort();
    this.checks.delete(uid);
  }

  close(): void {
    for (const uid of new Set([...this.timers.keys(), ...this.checks.keys()])) this.cancel(uid);
  }

  /** The check runs while tiling is still Pending, so after a restart an unfinished check starts over. */
  private advance(uid: string): void {
    this.timers.delete(uid);
    const row = this.deps.images.byUniqueId(uid);
    const check = this.deps.check;
    if (row?.tiling_status === 'Pending' && check?.applies(row)) this.runCheck(uid, row, check);
    else this.step(uid);
  }

  private runCheck(uid: string, row: ImageRow, check: UploadCheck): void {
    const controller = new AbortController();
    this.checks.set(uid, controller);
    const settle = (outcome: CheckOutcome) => {
      // Cancelled meanwhile: the image was deleted or the sandbox is closing (its database may be gone).
      if (this.checks.get(uid) !== controller) return;
      this.checks.delete(uid);
      if (outcome.patch) this.deps.images.update(uid, outcome.patch);
      for (const { type, message } of outcome.logs) this.deps.logs.add(uid, type, message);
      if (outcome.passed) this.step(uid);
    };
    void check.run(row, controller.signal).then(settle, (error: unknown) =>
      settle({
        passed: false,
        logs: [{ type: 'Upload', message: `Upload check failed: ${String(error)}` }],
        patch: REFUSED_PATCH,
      }),
    );
  }

  private step(uid: string): void {
    const row = this.deps.images.byUniqueId(uid);
    const step = row && PROCESSING_STEPS.find((candidate) => candidate.when(row));
    if (!row || !step) return;
    this.deps.images.update(uid, step.patch(row));
    const { type, message } = step.log(row);
    this.deps.logs.add(uid, type, message);
    const delay = step.durationMs / this.deps.speed;
    this.timers.set(
      uid,
      setTimeout(() => this.advance(uid), delay),
    );
  }
}
