import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import {
  dicomEntries,
  miraxEntries,
  storedZip,
  vsiEntries,
  withFlippedDataByte,
  withRenamedEntry,
} from '../../helpers/slide-zips.js';
import { waitFor } from '../../helpers/wait.js';
import { SETTLE_MS, zipUploadFlow } from './zip-upload-flow.js';

/**
 * Multi-file slides arrive as one ZIP (`.mrxs.zip`, `.vsi.zip`, `.dcm.zip`). Uploaded as the app does (POST
 * /Images, presigned form POST, PUT status Uploaded), the sandbox checks the stored ZIP, then runs its pipeline
 * on it as one slide, or refuses it with a log entry naming the fault.
 */
describe('the sandbox and slide ZIPs', () => {
  let sandbox: TestSandbox;
  beforeEach(async () => {
    sandbox = await startTestSandbox();
  });
  afterEach(async () => {
    await sandbox.dispose();
  });
  const flow = zipUploadFlow(() => sandbox);

  it('accepts a .mrxs.zip, lists its members in the log and predicts it as one slide', async () => {
    const image = await flow.upload('slide.mrxs.zip', await storedZip(miraxEntries('slide')));
    const logs = await flow.expectAccepted(image, 4);
    expect(logs).toContainEqual(
      expect.stringMatching(
        /^ZIP members: slide\.mrxs \(\d+ B\), slide\/Slidedat\.ini \(\d+ B\), slide\/Index\.dat \(2\.0 KiB\), slide\/Data0000\.dat \(96 KiB\)$/,
      ),
    );
    const uid = image.image_unique_id;
    await flow.json(`/Images/startpredict/${uid}`);
    const predicted = await waitFor(
      async () => ((await flow.imageOf(uid)).status === 'Prediction Completed' ? true : undefined),
      'the prediction to complete',
      SETTLE_MS,
    );
    expect(predicted).toBe(true);
  });

  it('accepts a .vsi.zip', async () => {
    await flow.expectAccepted(await flow.upload('scan.vsi.zip', await storedZip(vsiEntries('scan'))), 2);
  });

  it('accepts a .dcm.zip', async () => {
    await flow.expectAccepted(await flow.upload('series.dcm.zip', await storedZip(dicomEntries(3))), 3);
  });

  it('refuses a ZIP whose member data does not match its CRC-32, naming the member', async () => {
    const entries = miraxEntries('slide');
    const zip = withFlippedDataByte(await storedZip(entries), entries[3]!);
    const image = await flow.upload('slide.mrxs.zip', zip);
    await flow.expectRefused(image, /^ZIP check failed: member "slide\/Data0000\.dat": CRC-32 mismatch/);
    const predict = await fetch(`${sandbox.api}/Images/startpredict/${image.image_unique_id}`);
    expect(predict.status).toBe(409);
    expect(((await predict.json()) as { status: string }).status).toMatch(/could not be read as a slide/);
  });

  it('refuses a truncated ZIP', async () => {
    const zip = await storedZip(miraxEntries('slide'));
    const image = await flow.upload('slide.mrxs.zip', zip.subarray(0, Math.floor(zip.length * 0.7)));
    await flow.expectRefused(image, /^ZIP check failed: not a complete ZIP\b.*truncated/);
  });

  it('refuses a ZIP with an entry named ../evil, naming it', async () => {
    const zip = await storedZip([...dicomEntries(2), { name: 'zz/evil', bytes: Buffer.from('x') }]);
    const image = await flow.upload('series.dcm.zip', withRenamedEntry(zip, 'zz/evil', '../evil'));
    await flow.expectRefused(image, /^ZIP check failed: member "\.\.\/evil": unsafe entry name/);
  });

  it('refuses a .mrxs.zip without Slidedat.ini', async () => {
    const image = await flow.upload(
      'slide.mrxs.zip',
      await storedZip(miraxEntries('slide', { slidedat: false })),
    );
    await flow.expectRefused(
      image,
      /^ZIP check failed: member "slide\.mrxs": its folder "slide\/" has no Slidedat\.ini/,
    );
  });
});
