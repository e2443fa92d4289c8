import type { ImageRecord } from '../../../src-shared/api/index.js';
import { Badge } from '../../ui/index.js';
import { imageBadges } from './image-badges.js';

/** The processing badges in full words ("Tiling: Completed"), at the top of the panel. */
export function ImageStatusBadges({ image }: { image: ImageRecord }) {
  return (
    <ul className="details-badges" aria-label="Processing">
      {imageBadges(image).map((badge) => (
        <li key={badge.key}>
          <Badge tone={badge.tone}>{badge.title}</Badge>
        </li>
      ))}
    </ul>
  );
}
