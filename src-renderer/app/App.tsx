import { useEffect } from 'react';
import { ImagesScreen } from '../features/images/ImagesScreen.js';
import { SettingsScreen } from '../features/settings/SettingsScreen.js';
import { UploadsScreen } from '../features/uploads/UploadsScreen.js';
import { WatchFoldersScreen } from '../features/watch-folders/WatchFoldersScreen.js';
import { appClient, connection } from '../platform/app-client.js';
import { connectStores } from '../stores/connect-stores.js';
import { Toasts } from '../ui/index.js';
import { Banners } from './Banners.js';
import { useNavStore } from '../stores/nav-store.js';
import { Sidebar } from './Sidebar.js';
import { StatusBar } from './StatusBar.js';
import { useScreenShortcuts } from './use-shortcuts.js';
import '../styles/theme.css';
import './app.css';

function CurrentScreen() {
  const screen = useNavStore((state) => state.screen);
  switch (screen) {
    case 'uploads':
      return <UploadsScreen />;
    case 'watch-folders':
      return <WatchFoldersScreen />;
    case 'images':
      return <ImagesScreen />;
    case 'settings':
      return <SettingsScreen />;
  }
}

/** The window: navigation on the left, the current screen, app-wide banners, the status bar and toasts. */
export function App() {
  useEffect(() => connectStores(appClient, connection), []);
  useScreenShortcuts();
  return (
    <div className="app">
      <Sidebar />
      <div className="app__main">
        <Banners />
        <main className="app__screen" id="main">
          <CurrentScreen />
        </main>
        <StatusBar />
      </div>
      <Toasts />
    </div>
  );
}
