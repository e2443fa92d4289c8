import { mkdir } from 'node:fs/promises';
import { writeFile } from 'atomically';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { buildImageScopeXml } from '../../src-shared/annotations/imagescope.js';
import type { ImagesRepo } from './db/images-repo.js';
import type { LogsRepo } from './db/logs-repo.js';

export const PREDICTION_RUNNING = 'Prediction Running';
export const PREDICTION_COMPLETED = 'Prediction Completed';
export const PREDICTION_STOPPED = 'Prediction Stopped';

const STAGES = [
  'Loading tiles',
  'Running tumour detection network',
  'Grading regions',
  'Writing results',
] as const;
const STAGE_MS = 1500;

export interface PredictionDeps {
  images: ImagesRepo;
  logs: LogsRepo;
  speed: number;
  /** Folder served under the images' base_raw_download_url: `<rawDir>/<uid>/…`. */
  rawDir: string;
}

export const predictionXmlName = (uid: string): string => `${uid}_complete_net_prediction.xml`;

/** A cancellable simulated prediction: staged log entries, then outcome, metric and an ImageScope XML file. */
export class PredictionSimulator {
  private readonly running = new Map<string, { timer: NodeJS.Timeout; cancelled: boolean }>();

  constructor(private readonly deps: PredictionDeps) {}

  isRunning(uid: string): boolean {
    return this.running.has(uid);
  }

  start(uid: string): void {
    this.deps.images.update(uid, { status: PREDICTION_RUNNING, outcome_prediction: null, metric: null });
    this.deps.logs.add(uid, 'Prediction', 'Prediction started');
    this.schedule(uid, 0);
  }

  /** Returns false when no prediction of that image was running. */
  stop(uid: string): boolean {
    const run = this.running.get(uid);
    if (!run) return false;
    run.cancelled = true;
    clearTimeout(run.timer);
    this.running.delete(uid);
    this.deps.images.update(uid, { status: PREDICTION_STOPPED });
    this.deps.logs.add(uid, 'Prediction', 'Prediction stopped by user');
    return true;
  }

  /** After a restart, predictions that were running start over (the simulated network keeps no checkpoints). */
  resumeAll(): void {
    for (const row of this.deps.images.all()) {
      if (row.status !== PREDICTION_RUNNING) continue;
      this.deps.logs.add(row.image_unique_id, 'Prediction', 'Prediction restarted after a server restart');
      this.schedule(row.image_unique_id, 0);
    }
  }

  cancel(uid: string): void {
    const run = this.running.get(uid);
    if (run) {
      run.cancelled = true;
      clearTimeout(run.timer);
    }
    this.running.delete(uid);
  }

  close(): void {
    for (const uid of [...this.running.keys()]) this.cancel(uid);
  }

  private schedule(uid: string, stage: number): void {
    const run = {
      cancelled: false,
      timer: setTimeout(() => void this.runStage(uid, stage, run), STAGE_MS / this.deps.speed),
    };
    this.running.set(uid, run);
  }

  private async runStage(uid: string, stage: number, run: { cancelled: boolean }): Promise<void> {
    if (run.cancelled) return;
    const name = STAGES[stage];
    if (name !== undefined) {
      this.deps.logs.add(uid, 'Prediction', `${name} (${Math.round(((stage + 1) / STAGES.length) * 100)}%)`);
      this.schedule(uid, stage + 1);
      return;
    }
    await this.finish(uid, run);
  }

  private async finish(uid: string, run: { cancelled: boolean }): Promise<void> {
    const score = createHash('sha256').update(uid).digest().readUInt16BE(0) / 0xffff;
    await this.writeXml(uid, score);
    if (run.cancelled || !this.deps.images.byUniqueId(uid)) return;
    this.running.delete(uid);
    this.deps.images.update(uid, {
      status: PREDICTION_COMPLETED,
      outcome_prediction: score >= 0.5 ? 'High risk' : 'Low risk',
      metric: score.toFixed(3),
    });
    this.deps.logs.add(uid, 'Prediction', `Prediction completed: ${predictionXmlName(uid)} written`);
  }

  private async writeXml(uid: string, score: number): Promise<void> {
    const folder = path.join(this.deps.rawDir, uid);
    await mkdir(folder, { recursive: true });
    const xml = buildImageScopeXml({
      micronsPerPixel: 0.499,
      layers: [
        {
          name: 'Tumour',
          lineColor: 255,
          attributes: { score: score.toFixed(3) },
          regions: [
            { type: 'polygon', vertices: ring(1200, 900, 420, 24) },
            { type: 'polygon', negative: true, vertices: ring(1200, 900, 90, 12) },
          ],
        },
        {
          name: 'Benign',
          lineColor: 65280,
          regions: [{ type: 'rectangle', vertices: box(2400, 300, 600, 450) }],
        },
      ],
    });
    const target = path.join(folder, predictionXmlName(uid));
    await writeFile(target, xml);
  }
}

function ring(cx: number, cy: number, r: number, points: number): Array<{ x: number; y: number }> {
  return Array.from({ length: points }, (_, i) => {
    const angle = (i / points) * 2 * Math.PI;
    return { x: Math.round(cx + r * Math.cos(angle)), y: Math.round(cy + r * Math.sin(angle)) };
  });
}

function box(x: number, y: number, w: number, h: number): Array<{ x: number; y: number }> {
  return [
    { x, y },
    { x: x + w, y },
    { x: x + w, y: y + h },
    { x, y: y + h },
  ];
}
