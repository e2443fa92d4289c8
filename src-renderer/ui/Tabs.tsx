import { useRef, type KeyboardEvent } from 'react';
import './badge.css';
import './tabs.css';

export interface TabItem<T extends string> {
  id: T;
  label: string;
  count?: number | undefined;
}

export interface TabsProps<T extends string> {
  label: string;
  items: readonly TabItem<T>[];
  value: T;
  onChange: (id: T) => void;
  /** The id prefix of the panels these tabs control (`${idPrefix}-panel-${id}`). */
  idPrefix?: string;
}

/** A row of tabs (WAI-ARIA tabs pattern: arrow keys move, Home/End jump, only the selected tab is tabbable). */
export function Tabs<T extends string>({ label, items, value, onChange, idPrefix = 'tabs' }: TabsProps<T>) {
  const refs = useRef(new Map<T, HTMLButtonElement>());
  const onKeyDown = (event: KeyboardEvent) => {
    const index = items.findIndex((item) => item.id === value);
    const last = items.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? index === last
          ? 0
          : index + 1
        : event.key === 'ArrowLeft'
          ? index === 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    const item = next === null ? undefined : items[next];
    if (!item) return;
    event.preventDefault();
    onChange(item.id);
    refs.current.get(item.id)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
      {items.map((item) => {
        const selected = item.id === value;
        return (
          <button
            key={item.id}
            ref={(element) => {
              if (element) refs.current.set(item.id, element);
              else refs.current.delete(item.id);
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${item.id}`}
            aria-selected={selected}
            aria-controls={`${idPrefix}-panel-${item.id}`}
            tabIndex={selected ? 0 : -1}
            className="tabs__tab"
            onClick={() => onChange(item.id)}
          >
            {item.label}
            {item.count !== undefined && <span className="count-pill">{item.count}</span>}
          </button>
        );
      })}
    </div>
  );
}
