import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { identifiableSvsBytes } from '../helpers/slides.js';
import { useE2eApps } from './helpers/e2e-apps.js';
import { screenshot } from './helpers/screenshot.js';
import { openAddSlidesForm, queueRow, uploadAndWait } from './helpers/ui.js';

const e2e = useE2eApps();

describe('De-identification in the Add slides form', () => {
  it('is off by default; ticked, the slide uploads with its label removed and the row says so', async () => {
    const app = await e2e.start();
    const { page } = app;
    const file = path.join(app.workDir, 'CASE-4711.svs');
    await writeFile(file, identifiableSvsBytes());

    await openAddSlidesForm(page);
    const box = page.getByRole('checkbox', { name: /^Remove labels and identifying details/ });
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await uploadAndWait(page, [file]);
    const chip = queueRow(page, 'CASE-4711.svs').getByTestId('queue-row-deid');
    expect(await chip.innerText()).toBe('label and macro removed');
    expect(await chip.getAttribute('title')).toMatch(
      /^De-identified on upload: label and macro removed, \d+ identifying fields blanked\./,
    );
    await screenshot(page, 'queue-row-deidentified-light');
  });
});
