import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { closedPort } from '../helpers/ports.js';
import { writeSlide } from '../helpers/slides.js';
import { useE2eApps } from './helpers/e2e-apps.js';
import { screenshot } from './helpers/screenshot.js';
import { goTo, openAddSlidesForm, uploadAndWait } from './helpers/ui.js';

const e2e = useE2eApps();

const TOKEN = 'e2e-secret-token-5f1c9a';

/** A field by its label; optional fields carry an "optional" marker after the label text. */
const field = (page: Page, label: string) =>
  page.getByLabel(new RegExp(`^${label.replace(/[()/.]/g, '\\$&')}(\\s*optional)?$`));

describe('Settings', () => {
  it('keeps changed settings across a host restart and never shows the token', async () => {
    const app = await e2e.start();
    const { page } = app;

    await goTo(page, 'Settings');
    await field(page, 'Files at once').fill('2');
    await field(page, 'Parts in flight').fill('3');
    await field(page, 'Bandwidth limit (MiB/s)').fill('2.5');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Settings saved').first().waitFor();

    await field(page, 'Token').fill(TOKEN);
    await page.getByRole('button', { name: 'Save token' }).click();
    await page.getByText('Token set', { exact: true }).waitFor();
    expect(await field(page, 'Replace the token').inputValue()).toBe('');
    expect(await page.content()).not.toContain(TOKEN);
    await screenshot(page, 'settings');
    // The host's access token is out of the address bar (and so history); a reload still works, by the cookie.
    expect(page.url()).not.toContain('token=');
    await page.reload();
    await goTo(page, 'Settings');
    await page.getByText('Token set', { exact: true }).waitFor();

    // Details typed for a batch go with that batch only: never saved as settings, not offered after a restart.
    await goTo(page, 'Uploads');
    await field(page, 'Patient ID').fill('1234');
    await field(page, 'Study').fill('5');
    const slide = await writeSlide(app.workDir, 'with-defaults.svs', 8 * 1024);
    await uploadAndWait(page, [slide.file]);
    const [image] = await app.api.listImagesOfUser(19);
    expect(image!.patient_id).toBe(1234);

    const saved = await readFile(path.join(app.stateDir, 'app-settings.json'), 'utf8');
    expect(saved).not.toContain(TOKEN);
    expect(saved).not.toContain('1234');
    // 2.5 in the MiB/s field is stored as `--limit-rate 2.5M` would be: 2.5 × 1,048,576 bytes a second.
    expect(saved).toContain(String(2.5 * 1024 * 1024));
    await app.restartHost();

    await goTo(page, 'Settings');
    expect(await field(page, 'Files at once').inputValue()).toBe('2');
    expect(await field(page, 'Parts in flight').inputValue()).toBe('3');
    expect(await field(page, 'Bandwidth limit (MiB/s)').inputValue()).toBe('2.5');
    expect(await field(page, 'Server address').inputValue()).toBe(app.serverUrl);
    expect(await field(page, 'PathomIQ user ID').inputValue()).toBe('19');
    expect(await page.content()).not.toContain(TOKEN);
    await openAddSlidesForm(page);
    expect(await field(page, 'Patient ID').inputValue()).toBe('');
    expect(await field(page, 'Study').inputValue()).toBe('');
  });

  it('tests the connection: success for the sandbox, a clear failure for a closed port', async () => {
    const app = await e2e.start();
    const { page } = app;
    await goTo(page, 'Settings');
    const server = page.getByRole('region', { name: 'Server' });
    const result = server.getByRole('status');

    await server.getByRole('button', { name: 'Test connection' }).click();
    await result.getByText('Connected', { exact: true }).waitFor();
    expect((await result.innerText()).length).toBeGreaterThan('Connected'.length + 5);
    await screenshot(page, 'settings-connection-ok');

    const port = await closedPort();
    await field(page, 'Server address').fill(`http://127.0.0.1:${port}`);
    await server.getByRole('button', { name: 'Test connection' }).click();
    await result.getByText('Failed', { exact: true }).waitFor({ timeout: 30_000 });
    const failure = await result.innerText();
    expect(failure).toMatch(/could not reach|refused|not reachable|no answer/i);
    expect(failure).toContain(String(port));
    await screenshot(page, 'settings-connection-failed');

    // Testing saves nothing.
    await page.getByRole('button', { name: 'Discard changes' }).click();
    expect(await field(page, 'Server address').inputValue()).toBe(app.serverUrl);
  });

  it('asks before leaving with unsaved edits: Stay keeps them, Discard drops them, Save saves them', async () => {
    const app = await e2e.start();
    const { page } = app;
    const nav = page.getByRole('navigation', { name: 'Main' });
    const ask = page.getByRole('dialog', { name: 'Save your changes to the settings?' });
    await goTo(page, 'Settings');
    const original = await field(page, 'Files at once').inputValue();

    await field(page, 'Files at once').fill('3');
    await nav.getByRole('button', { name: 'Uploads' }).click();
    await ask.waitFor();
    await screenshot(page, 'settings-unsaved');
    await ask.getByRole('button', { name: 'Stay' }).click();
    await ask.waitFor({ state: 'detached' });
    expect(await field(page, 'Files at once').inputValue()).toBe('3');

    await nav.getByRole('button', { name: 'Uploads' }).click();
    await ask.getByRole('button', { name: 'Discard' }).click();
    await page.getByRole('heading', { level: 1, name: 'Uploads' }).waitFor();
    await goTo(page, 'Settings');
    expect(await field(page, 'Files at once').inputValue()).toBe(original);

    await field(page, 'Files at once').fill('5');
    await nav.getByRole('button', { name: 'Images' }).click();
    await ask.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: 'Images' }).waitFor();
    const saved = JSON.parse(await readFile(path.join(app.stateDir, 'app-settings.json'), 'utf8')) as {
      fileConcurrency?: number;
    };
    expect(saved.fileConcurrency).toBe(5);
  });

  it('asks before a reload drops unsaved edits (the browser host), and not when nothing changed', async () => {
    const app = await e2e.start();
    const { page } = app;
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      // "Stay on the page" the first time, "Leave" after.
      void (dialogs.length === 1 ? dialog.dismiss() : dialog.accept());
    });
    await goTo(page, 'Settings');
    const original = await field(page, 'Files at once').inputValue();

    // Nothing changed: a reload happens without a question.
    await page.reload();
    await goTo(page, 'Settings');
    expect(dialogs).toEqual([]);

    // The browser shows its prompt only on a page the user has interacted with, as a person would have.
    await field(page, 'Files at once').click();
    await field(page, 'Files at once').fill('3');
    await page.evaluate('location.reload()');
    await expect.poll(() => dialogs).toEqual(['beforeunload']);
    // Stay: the edits are still there.
    expect(await field(page, 'Files at once').inputValue()).toBe('3');

    // Leave: the page reloads and the unsaved edit is gone, as the user chose.
    const reloaded = page.waitForEvent('load');
    await page.evaluate('location.reload()');
    await reloaded;
    expect(dialogs).toEqual(['beforeunload', 'beforeunload']);
    await goTo(page, 'Settings');
    expect(await field(page, 'Files at once').inputValue()).toBe(original);

    // Saved edits hold nothing back either.
    await field(page, 'Files at once').fill(original === '6' ? '7' : '6');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Settings saved').first().waitFor();
    await page.reload();
    expect(dialogs).toHaveLength(2);
  });

  it('tells once that an upload limit saved in MB/s is now the same number in MiB/s', async () => {
    // A settings file of the version before binary units: 5 MB/s stored as 5,000,000 bytes a second.
    const app = await e2e.start({ settings: { settingsVersion: 1, limitRate: 5_000_000 } });
    const { page } = app;
    await goTo(page, 'Settings');
    const note = page.getByRole('note').filter({ hasText: 'upload limit' });
    await note.getByText(/^Your upload limit of 5 MB\/s is now 5 MiB\/s/).waitFor();
    expect(await field(page, 'Bandwidth limit (MiB/s)').inputValue()).toBe('5');
    await screenshot(page, 'settings-limit-migrated-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'settings-limit-migrated-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    const saved = JSON.parse(await readFile(path.join(app.stateDir, 'app-settings.json'), 'utf8')) as {
      limitRate?: number;
      settingsVersion?: number;
    };
    expect(saved).toMatchObject({ limitRate: 5_242_880, settingsVersion: 2 });

    // Recorded: after a restart the limit stays 5 MiB/s and nothing is said again.
    await app.restartHost();
    await goTo(page, 'Settings');
    expect(await field(page, 'Bandwidth limit (MiB/s)').inputValue()).toBe('5');
    expect(await note.count()).toBe(0);
  });
});
