/** The Images screen: the server's images, one image's details and actions, and the server logs. */
export function ImagesScreen() {
  return (
    <section aria-labelledby="images-title">
      <h1 id="images-title">Images</h1>
      <p>Loading images…</p>
    </section>
  );
}
