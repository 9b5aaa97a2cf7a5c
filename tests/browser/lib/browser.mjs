// browser.mjs - what the page tests (tests/browser/*.test.mjs) share: Debian's
// headless Chromium through playwright-core, axe-core's source, the
// screenshots folder, and a daemon serving the sample directory with the
// build's translations (the catalogues make compiles into <build>/po).
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';

import { env, freshDatabase, migrate, importSample, writeTemp } from '../../integration/lib/harness.mjs';

const require = createRequire(import.meta.url);

export const CHROMIUM = process.env.DIRECTORYD_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** The build folder of DIRECTORYD_BIN ('' when it is not set). */
export const BUILD = env.bin ? resolve(dirname(env.bin), '..') : '';
/** Screenshots and other files for a person to look at after the run. */
export const ARTEFACTS = join(BUILD, 'browser-artefacts');

/** Launch headless Chromium (the caller closes it). */
export async function launchBrowser() {
	const { chromium } = await import('playwright-core');
	return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** axe-core's script, for page.addScriptTag. */
export function axeSource() {
	return readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
}

/** A full-page screenshot as ARTEFACTS/<name>.png. */
export async function shot(page, name) {
	mkdirSync(ARTEFACTS, { recursive: true });
	await page.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });
}

/** A fresh database dbName, migrated, with the sample directory; returns its conninfo. */
export async function sampleDatabase(dbName) {
	const conninfo = await freshDatabase(dbName);
	await migrate(conninfo);
	await importSample(conninfo);
	return conninfo;
}

/**
 * Write the pages' daemon configuration to dir/directoryd.ini: the build's translations, node_name
 * "Test directory", then the lines of extra. Returns its path, for new Daemon(conninfo, { config }).
 */
export function pagesConfig(dir, extra = []) {
	return writeTemp(dir, 'directoryd.ini',
		[`locale_dir = ${join(BUILD, 'po')}`, 'node_name = Test directory', ...extra, ''].join('\n'));
}
