/** Whether the UI can reach the uploader: always "open" in Electron; the browser's WebSocket can drop and come back. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

export interface ConnectionChange {
  state: ConnectionState;
  /** true when the link came back after a drop: everything the UI holds may be stale, so load it again. */
  reconnected: boolean;
  /** Failed attempts since the link was last open (for "Reconnecting… (attempt 3)"). */
  attempt: number;
}

export interface ConnectionSource {
  current(): ConnectionChange;
  onChange(listener: (change: ConnectionChange) => void): () => void;
}

/** A connection that never drops (Electron IPC). */
export const alwaysOpen: ConnectionSource = {
  current: () => ({ state: 'open', reconnected: false, attempt: 0 }),
  onChange: () => () => undefined,
};
