import { createHash } from 'node:crypto';

/** Deterministic stand-in bytes (the sandbox does not need real pixels to be useful). */
export function demoBytes(name: string, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let block = createHash('sha256').update(name).digest();
  for (let offset = 0; offset < size; offset += block.length) {
    out.set(block.subarray(0, Math.min(block.length, size - offset)), offset);
    block = createHash('sha256').update(block).digest();
  }
  return out;
}
