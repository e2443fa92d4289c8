/** The window's shell. The screens (uploads, watch folders, images, settings) arrive with the desktop-app work. */
export function App() {
  return (
    <main>
      <h1>PathomIQ Uploader</h1>
      <p>
        Until the desktop screens land, use the command-line agent: <code>npx pathomiq-uploader --help</code>.
      </p>
    </main>
  );
}
