import type { Command } from 'commander';
import type { JobMetadata } from '../../src-shared/engine/index.js';
import { positiveInt } from './parse-options.js';

/** The image metadata options shared by `upload` and `watch`. */
export interface MetadataOptions {
  patient?: number;
  entity?: number;
  study?: number;
  workarea?: number;
  description?: string;
}

export function addMetadataOptions(command: Command, what: string): Command {
  return command
    .option('--patient <n>', `patient id for ${what}`, positiveInt)
    .option('--entity <n>', 'entity id', positiveInt)
    .option('--study <n>', 'study id', positiveInt)
    .option('--workarea <n>', 'workarea id', positiveInt)
    .option('--description <s>', 'description');
}

/** The options as the metadata of a job (only what was given). */
export function metadataFrom(userid: number, options: MetadataOptions): JobMetadata {
  return {
    userid,
    ...(options.patient !== undefined ? { patient_id: options.patient } : {}),
    ...(options.entity !== undefined ? { entity_id: options.entity } : {}),
    ...(options.study !== undefined ? { study: options.study } : {}),
    ...(options.workarea !== undefined ? { workarea: options.workarea } : {}),
    ...(options.description !== undefined ? { description: options.description } : {}),
  };
}
