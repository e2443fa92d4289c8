/**
 * The product (our CLI) misbehaved: it exited with an error, stored wrong bytes, or did not crash where told.
 * The comparison is then reported as FAIL with this message. Any other error means the harness (or a reference
 * tool) broke: reported as ERROR, and the run exits non-zero.
 */
export class ProductFailure extends Error {
  override readonly name = 'ProductFailure';
}

/** A reference tool (curl, rclone) failed or stored wrong bytes: the comparison cannot be made. */
export class ReferenceFailure extends Error {
  override readonly name = 'ReferenceFailure';
}

/** The machine cannot run a comparison at all (e.g. no network namespaces): reported as SKIPPED with the reason. */
export class NotAvailable extends Error {
  override readonly name = 'NotAvailable';
}
