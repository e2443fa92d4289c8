import { useEffect } from 'react';
import { AllLogsView } from './AllLogsView.js';
import { ImageDetailsPanel } from './ImageDetailsPanel.js';
import { ImagesHeader } from './ImagesHeader.js';
import { ImagesPane } from './ImagesPane.js';
import { useDetailsImage, useImagesStore } from './images-store.js';
import { predictionState } from './prediction-state.js';
import { useVisibleInterval } from './use-visible-interval.js';
import './images.css';

const REFRESH_MS = 10_000;
/** While the open image's prediction runs, its state is followed more closely. */
const PREDICTION_REFRESH_MS = 3_000;

/** The Images screen: the server's images, one image's details and actions, and the server logs. */
export function ImagesScreen() {
  const view = useImagesStore((state) => state.view);
  const detailsOpen = useImagesStore((state) => state.detailsUid !== null);
  const detailsImage = useDetailsImage();
  const load = useImagesStore((state) => state.load);
  const following = detailsImage !== null && predictionState(detailsImage) === 'running';

  useEffect(() => {
    void load();
  }, [load]);
  useVisibleInterval(() => void load(), following ? PREDICTION_REFRESH_MS : REFRESH_MS, view === 'images');

  return (
    <section className="images-screen" aria-labelledby="images-title">
      <ImagesHeader />
      {/* The images tab stays laid out while hidden (not display:none), so its scroll position survives. */}
      <div
        role="tabpanel"
        id="images-view-panel-images"
        aria-labelledby="images-view-tab-images"
        className={`images-screen__body${view === 'images' ? '' : ' images-screen__body--hidden'}`}
      >
        <ImagesPane />
        {detailsOpen && <ImageDetailsPanel />}
      </div>
      <div
        role="tabpanel"
        id="images-view-panel-logs"
        aria-labelledby="images-view-tab-logs"
        className={`images-screen__body${view === 'logs' ? '' : ' images-screen__body--hidden'}`}
      >
        {view === 'logs' && <AllLogsView active />}
      </div>
    </section>
  );
}
