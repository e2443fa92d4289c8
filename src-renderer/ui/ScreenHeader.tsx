import type { ReactNode } from 'react';

/** A screen's title row (the layout lives in app.css's .screen rules). */
export function ScreenHeader({
  id,
  title,
  subtitle,
  actions,
}: {
  id: string;
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <header className="screen__header">
      <div>
        <h1 className="screen__title" id={id}>
          {title}
        </h1>
        {subtitle && <p className="screen__subtitle">{subtitle}</p>}
      </div>
      {actions && <div className="screen__actions">{actions}</div>}
    </header>
  );
}
