import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { writeSlide } from '../helpers/slides.js';
import { openPage } from './helpers/app-fixture.js';
import { useE2eApps } from './helpers/e2e-apps.js';
import { screenshot } from './helpers/screenshot.js';
import { openAddSlidesForm, queueRow, uploadAndWait } from './helpers/ui.js';

const e2e = useE2eApps();

/** A field of the Add slides form by its label (optional fields carry an "optional" marker after it). */
const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${label}(\\s*optional)?$`));
const keepBox = (page: Page) => page.getByRole('checkbox', { name: /^Keep for the next batch/ });
const keptNote = (page: Page) => page.getByTestId('kept-note');

/** Every detail of the open form, as typed. */
async function formValues(page: Page): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const label of ['Patient ID', 'Entity ID', 'Study', 'Work area', 'Description'])
    values[label] = await field(page, label).inputValue();
  return values;
}

const EMPTY = { 'Patient ID': '', 'Entity ID': '', Study: '', 'Work area': '', Description: '' };

const rowPatient = (page: Page, fileName: string) =>
  queueRow(page, fileName).getByTestId('queue-row-patient').innerText();

describe('Details belong to one batch', () => {
  it('starts each batch empty unless kept, says when they were kept, and tags each slide as typed', async () => {
    const app = await e2e.start();
    const { page } = app;
    const [a, b, c, d] = await Promise.all(
      ['case-12-a.svs', 'case-34-b.svs', 'case-34-c.svs', 'unlabelled-d.svs'].map((name) =>
        writeSlide(app.workDir, name, 8 * 1024),
      ),
    );

    // Batch 1: patient 12, not kept.
    await openAddSlidesForm(page);
    expect(await formValues(page)).toEqual(EMPTY);
    expect(await keepBox(page).isChecked()).toBe(false);
    await field(page, 'Patient ID').fill('12');
    await field(page, 'Description').fill('Left breast core');
    await uploadAndWait(page, [a!.file]);

    // Batch 2 starts empty: nothing of patient 12 is offered again.
    await openAddSlidesForm(page);
    expect(await formValues(page)).toEqual(EMPTY);
    expect(await keptNote(page).count()).toBe(0);
    await screenshot(page, 'batch-form-empty-light');

    // Patient 34, study 5, kept for the next batch.
    await field(page, 'Patient ID').fill('34');
    await field(page, 'Study').fill('5');
    await keepBox(page).check();
    await uploadAndWait(page, [b!.file]);

    // Batch 3 shows the kept values and says plainly where they came from.
    await openAddSlidesForm(page);
    expect(await formValues(page)).toEqual({ ...EMPTY, 'Patient ID': '34', Study: '5' });
    expect(await keepBox(page).isChecked()).toBe(true);
    expect(await keptNote(page).innerText()).toMatch(
      /^Kept from the last batch — patient 34, study 5\s*Clear$/,
    );
    await screenshot(page, 'batch-form-kept-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'batch-form-kept-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await uploadAndWait(page, [c!.file]);

    // Batch 4: the kept details cleared in one step and the pin taken off; no patient at all.
    await openAddSlidesForm(page);
    await keptNote(page).getByRole('button', { name: 'Clear the kept details' }).click();
    expect(await formValues(page)).toEqual(EMPTY);
    await keptNote(page).waitFor({ state: 'detached' });
    await keepBox(page).uncheck();
    await uploadAndWait(page, [d!.file]);

    // Each row shows whose slide it is.
    await page.getByRole('button', { name: 'Close the results' }).click();
    expect(await rowPatient(page, 'case-12-a.svs')).toBe('Patient 12');
    expect(await rowPatient(page, 'case-34-b.svs')).toBe('Patient 34');
    expect(await rowPatient(page, 'case-34-c.svs')).toBe('Patient 34');
    expect(await rowPatient(page, 'unlabelled-d.svs')).toBe('No patient');
    await queueRow(page, 'unlabelled-d.svs').scrollIntoViewIfNeeded();
    await screenshot(page, 'batch-queue-rows-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'batch-queue-rows-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // The server holds exactly what was typed for each batch.
    const images = await app.api.listImagesOfUser(19);
    const byFile = Object.fromEntries(
      images.map((image) => [image.filename, { patient: image.patient_id, study: image.study_id }]),
    );
    expect(byFile).toEqual({
      'case-12-a.svs': { patient: 12, study: null },
      'case-34-b.svs': { patient: 34, study: 5 },
      'case-34-c.svs': { patient: 34, study: 5 },
      'unlabelled-d.svs': { patient: null, study: null },
    });
    const description = images.find((image) => image.filename === 'case-12-a.svs')?.description;
    expect(description).toBe('Left breast core');
  });

  it('a reload starts with empty details and the pin off, even after a kept batch', async () => {
    const app = await e2e.start();
    const { page } = app;
    const slide = await writeSlide(app.workDir, 'kept-then-reloaded.svs', 8 * 1024);
    await openAddSlidesForm(page);
    await field(page, 'Patient ID').fill('12');
    await keepBox(page).check();
    await uploadAndWait(page, [slide.file]);
    // Folded into its bar, the form still says the next slides get the kept details.
    await page.getByText('Kept for the next batch — patient 12', { exact: true }).waitFor();
    await screenshot(page, 'batch-bar-kept-light');
    await openAddSlidesForm(page);
    expect(await field(page, 'Patient ID').inputValue()).toBe('12');

    await openPage(page, app.host);
    await openAddSlidesForm(page);
    expect(await formValues(page)).toEqual(EMPTY);
    expect(await keepBox(page).isChecked()).toBe(false);
    expect(await keptNote(page).count()).toBe(0);
  });
});
