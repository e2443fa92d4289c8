import { EventEmitter } from 'node:events';
import type { AppEvent } from '../../src-shared/app/index.js';

/** One place every app event goes through; a listener that throws never stops the others. */
export class EventHub {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Each host window and transport subscribes once; more than this means a leak.
    this.emitter.setMaxListeners(50);
  }

  on(listener: (event: AppEvent) => void): () => void {
    const safe = (event: AppEvent) => {
      try {
        listener(event);
      } catch {
        // A broken subscriber (a closed window) must not break the engine's event flow.
      }
    };
    this.emitter.on('event', safe);
    return () => this.emitter.off('event', safe);
  }

  emit(event: AppEvent): void {
    this.emitter.emit('event', event);
  }
}
