import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fixturePath, hasSharedFixtures } from '../helpers/shared-fixtures.js';
import { writeSlide } from '../helpers/slides.js';
import { openPage } from './helpers/app-fixture.js';
import { useE2eApps } from './helpers/e2e-apps.js';
import { screenshot } from './helpers/screenshot.js';
import { goTo, openAddSlidesForm, waitForRowState } from './helpers/ui.js';

const e2e = useE2eApps();

/**
 * A scanner's export: two slides (the shared fixture's real small.svs when there is one), a multi-file slide's
 * main file, a report, and a second case folder.
 */
async function makeCases(workDir: string): Promise<string> {
  const folder = path.join(workDir, 'case-1042');
  await mkdir(folder);
  await mkdir(path.join(workDir, 'case-1043'));
  if (hasSharedFixtures) await copyFile(fixturePath('slides', 'small.svs'), path.join(folder, 'slide-a.svs'));
  else await writeSlide(folder, 'slide-a.svs');
  await writeSlide(folder, 'slide-b.svs');
  await writeFile(path.join(folder, 'scan.mrxs'), '');
  await writeFile(path.join(folder, 'report.txt'), 'not a slide');
  return folder;
}

/**
 * The browser opens where it was last in this tab (as a native dialog does). Home is this machine's, unknown
 * to the test, so the test says it was last in its own temp folder.
 */
async function startBrowsingIn(page: Page, folder: string): Promise<void> {
  await page.evaluate(`sessionStorage.setItem('pathomiq.fileBrowser.folder', ${JSON.stringify(folder)})`);
}

/** What has the keyboard: the list box is named after its folder. */
const focusedLabel = (page: Page) =>
  page.evaluate(`document.activeElement?.getAttribute('aria-label') ?? ''`);
const folderList = (dialog: Locator, folder: string) =>
  // Exact: a parent's name is the start of its children's ("Contents of /a" and "Contents of /a/b").
  dialog.getByRole('listbox', { name: `Contents of ${folder}`, exact: true });
const option = (list: Locator, name: string) => list.getByRole('option', { name: new RegExp(`^${name}`) });

describe('In-app file browser (browser host)', () => {
  it('adds two slides picked with the keyboard; the staged list survives a reload', async () => {
    const app = await e2e.start();
    const { page } = app;
    const cases = await makeCases(app.workDir);
    await openAddSlidesForm(page);
    await startBrowsingIn(page, app.workDir);

    await page.getByRole('button', { name: 'Add files…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add slide files' });
    const top = folderList(dialog, app.workDir);
    await top.waitFor();
    // The list has the keyboard at once: folders first, the first one active.
    await expect.poll(() => focusedLabel(page)).toBe(`Contents of ${app.workDir}`);
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    const inside = folderList(dialog, cases);
    await inside.waitFor();

    // Backspace goes up with the folder just left active; Enter goes back in; Alt+Up works as Backspace.
    await page.keyboard.press('Backspace');
    await top.waitFor();
    await expect
      .poll(() =>
        top.getAttribute('aria-activedescendant').then((id) => page.locator(`[id="${id}"]`).innerText()),
      )
      .toMatch(/^case-1042/);
    await page.keyboard.press('Enter');
    await inside.waitFor();
    await page.keyboard.press('Alt+ArrowUp');
    await top.waitFor();
    await page.keyboard.press('Enter');
    await inside.waitFor();

    // Files by name: report.txt, scan.mrxs, slide-a.svs, slide-b.svs. Slides are marked, the report is not.
    await expect.poll(() => inside.getByRole('option').allInnerTexts()).toHaveLength(4);
    expect(await option(inside, 'scan.mrxs').innerText()).toContain('Slide (with its parts)');
    expect(await option(inside, 'report.txt').innerText()).toContain('File');
    await page.keyboard.press('End');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Space');
    await expect.poll(() => option(inside, 'slide-a.svs').getAttribute('aria-selected')).toBe('true');
    expect(await option(inside, 'slide-b.svs').getAttribute('aria-selected')).toBe('true');
    expect(await option(inside, 'scan.mrxs').getAttribute('aria-selected')).toBe('false');
    await dialog.getByRole('button', { name: 'Add 2 files' }).waitFor();
    await screenshot(page, 'file-browser-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'file-browser-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Enter on a chosen file adds everything chosen, as the native dialog's paths would be.
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const staged = page.getByRole('list', { name: 'Files and folders to upload' });
    const stagedPaths = () => staged.locator('.staged__path').allInnerTexts();
    const picked = [path.join(cases, 'slide-a.svs'), path.join(cases, 'slide-b.svs')];
    await expect.poll(stagedPaths).toEqual(picked);

    await openPage(page, app.host);
    await expect.poll(stagedPaths).toEqual(picked);
    await screenshot(page, 'file-browser-staged-after-reload');

    await page.getByRole('button', { name: 'Upload 2 items' }).click();
    await waitForRowState(page, 'slide-a.svs', /^Done$/);
    await waitForRowState(page, 'slide-b.svs', /^Done$/);
    // Added: nothing is staged any more, and a reload does not bring the list back.
    await openPage(page, app.host);
    await openAddSlidesForm(page);
    expect(await staged.count()).toBe(0);
  });

  it('a drop says in one line why paths are needed and opens the browser; Escape cancels it', async () => {
    const app = await e2e.start();
    const { page } = app;
    await makeCases(app.workDir);
    await openAddSlidesForm(page);
    await startBrowsingIn(page, app.workDir);

    // What a browser hands the page for a dropped file: a File with a name and bytes, but no path.
    const dropped = await page.evaluateHandle(
      `(() => { const t = new DataTransfer(); t.items.add(new File(['x'], 'slide.svs')); return t; })()`,
    );
    await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: dropped });
    const dialog = page.getByRole('dialog', { name: 'Add slide files' });
    await dialog
      .getByText('A browser cannot tell the app where dropped files are; pick them here instead.')
      .waitFor();
    await folderList(dialog, app.workDir).waitFor();
    await screenshot(page, 'file-browser-after-drop');

    // A folder that cannot be listed is said so in place; the places still lead elsewhere.
    if (process.platform === 'linux') {
      await dialog
        .getByRole('navigation', { name: 'Places' })
        .getByRole('button', { name: 'Computer' })
        .click();
      await option(folderList(dialog, '/'), 'proc').dblclick();
      await dialog.getByText("/proc is in the kernel's process list", { exact: false }).waitFor();
      await screenshot(page, 'file-browser-refused');
      // The keyboard stays in the browser: Backspace leaves the refused folder.
      await page.keyboard.press('Backspace');
      await folderList(dialog, '/').waitFor();
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByRole('list', { name: 'Files and folders to upload' }).count()).toBe(0);
  });

  it("chooses a watch folder with the watch form's Choose…, which stays open", async () => {
    const app = await e2e.start({ colorScheme: 'dark' });
    const { page } = app;
    const cases = await makeCases(app.workDir);
    await goTo(page, 'Watch folders');
    await startBrowsingIn(page, app.workDir);
    await page.getByRole('button', { name: 'Add watch folder' }).first().click();
    const form = page.getByRole('dialog', { name: 'Add a watch folder' });
    await form.getByRole('button', { name: 'Choose…' }).click();
    const browser = page.getByRole('dialog', { name: 'Choose a folder to watch' });
    await folderList(browser, app.workDir).waitFor();

    // Escape closes the browser only: the form behind it keeps what was typed.
    await page.keyboard.press('Escape');
    await browser.waitFor({ state: 'detached' });
    await form.getByLabel('Folder', { exact: true }).waitFor();

    await form.getByRole('button', { name: 'Choose…' }).click();
    const list = folderList(browser, app.workDir);
    await list.waitFor();
    await expect.poll(() => focusedLabel(page)).toBe(`Contents of ${app.workDir}`);
    await page.keyboard.press('Home');
    await page.keyboard.press('Space');
    await expect.poll(() => option(list, 'case-1042').getAttribute('aria-selected')).toBe('true');
    await screenshot(page, 'file-browser-watch-folder-dark');
    await browser.getByRole('button', { name: 'Choose folder' }).click();
    await browser.waitFor({ state: 'detached' });
    expect(await form.getByLabel('Folder', { exact: true }).inputValue()).toBe(cases);
  });
});
