import type { SandboxContext } from './context.js';
import { demoBytes } from './demo-bytes.js';
import { demoMiraxZip } from './demo-mirax.js';

interface DemoImage {
  filename: string;
  userid: number;
  patient_id: number;
  entity_id: number;
  sharedWith?: number[];
  description?: string;
  /** Left without a file, as a slide whose upload never finished. */
  unfinished?: boolean;
}

/** The stored bytes: stand-in bytes, or for a multi-file slide (`.mrxs.zip`) a real ZIP of its files. */
async function demoObject(demo: DemoImage): Promise<Uint8Array> {
  if (demo.filename.endsWith('.mrxs.zip')) return demoMiraxZip(demo.filename);
  return demoBytes(demo.filename, 256 * 1024);
}

const DEMO_IMAGES: readonly DemoImage[] = [
  {
    filename: 'CASE-0001_prostate_core_A1.svs',
    userid: 19,
    patient_id: 1,
    entity_id: 4,
    description: 'Needle core, left apex',
  },
  { filename: 'CASE-0001_prostate_core_A2.svs', userid: 19, patient_id: 1, entity_id: 4, sharedWith: [20] },
  {
    filename: 'CASE-0002_RP_block3.ndpi',
    userid: 20,
    patient_id: 2,
    entity_id: 4,
    description: 'Radical prostatectomy, block 3',
  },
  { filename: 'CASE-0003_bladder_TURBT.tiff', userid: 21, patient_id: 3, entity_id: 6, sharedWith: [19, 22] },
  { filename: 'CASE-0004_kidney_biopsy.svs', userid: 19, patient_id: 4, entity_id: 7, unfinished: true },
  {
    filename: 'CASE-0005_lymph_node.mrxs.zip',
    userid: 19,
    patient_id: 5,
    entity_id: 4,
    description: 'Sentinel lymph node, MIRAX scan (multi-file slide)',
  },
];

/**
 * Adds demo images through the sandbox's own presigned-POST path, once (a restart with --demo adds nothing).
 * Runs after the server listens, since the upload goes over HTTP like a client's.
 */
export async function seedDemo(ctx: SandboxContext): Promise<void> {
  if (ctx.images.all().length > 0) return;
  for (const demo of DEMO_IMAGES) {
    ctx.users.register(demo.userid);
    const row = ctx.images.create(demo);
    const uid = row.image_unique_id;
    if (demo.description) ctx.images.update(uid, { description: demo.description });
    if (demo.sharedWith) ctx.images.setShared(uid, [demo.userid, ...demo.sharedWith]);
    if (demo.unfinished) continue;
    const { url, fields } = await ctx.store.presignPost(uid, { expiresSeconds: 300 });
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([await demoObject(demo)]), demo.filename);
    const response = await fetch(url, { method: 'POST', body: form });
    if (!response.ok) throw new Error(`Demo upload of ${demo.filename} failed: HTTP ${response.status}`);
    ctx.images.update(uid, { status: 'Uploaded', uploaded: 1 });
    ctx.logs.add(uid, 'Upload', `${demo.filename} uploaded (demo data)`);
    ctx.processing.start(uid);
  }
}
