// pages.test.mjs - the pages for people who search (docs/api.md, "Pages"),
// driven in Debian's headless Chromium by playwright-core (pinned in
// tests/package-lock.json), with axe-core for WCAG 2.1 A and AA. Runs once,
// against the plain build (scripts/test), on the sample directory plus one
// hostile listing whose every text field carries markup, quotes and
// javascript: URLs.
//
// Screenshots at 360 px go to <build>/browser-artefacts/ (the build folder
// of DIRECTORYD_BIN).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import {
	missingEnv, createOrg, createToken, psql, Daemon, tempDir, teardown, writeTemp,
} from '../integration/lib/harness.mjs';
import { ids } from '../integration/lib/sample.mjs';
import { smallService } from '../integration/lib/fixtures.mjs';
import {
	ARTEFACTS, BUILD, launchBrowser, axeSource as readAxe, shot, sampleDatabase, pagesConfig,
} from './lib/browser.mjs';

const skip = missingEnv();
const REPORT_LIMIT = 3;

// Strings the hostile listing carries; each must come out as text, never as markup.
const EVIL = {
	name: `<script>alert(1)</script> "quoted" 'single' & <b>bold</b>`,
	description: `</p><script>alert(2)</script><a href="javascript:alert(3)">x</a>`,
	url: `https://evil.example/'onmouseover='alert(4)`,
	fees: `<img src=x onerror=alert(5)>`,
	eligibility: `"><svg onload=alert(6)>`,
	application: 'javascript:alert(7)',
	form: `https://evil.example/'onmouseover='alert(8)`,
	email: `o'brien@evil.example`,
	location: '<script>alert(10)</script>',
	locationDescription: `' onmouseover='alert(11)`,
	street: '"><script>alert(12)</script>',
	schedule: '<script>alert(13)</script>',
	org: `<script>alert("org")</script> & "Q" 's`,
};

let daemon;
let conninfo;
let browser;
let orgToken;
let otherToken;
let adminToken;
let evilId;
let axeSource;
let dir;

function hostileService(orgId) {
	return {
		organization_id: orgId,
		name: EVIL.name,
		description: EVIL.description,
		url: EVIL.url,
		status: 'active',
		fees_description: EVIL.fees,
		eligibility_description: EVIL.eligibility,
		application_process: EVIL.application,
		assured_date: '2026-11-01',
		contact_channels: [
			{ type: 'web_form', value: EVIL.form, safe_to_leave_message: false, languages: ['en'] },
			{ type: 'email', value: EVIL.email, safe_to_leave_message: true, languages: ['en'] },
		],
		service_at_locations: [{
			location: {
				name: EVIL.location,
				location_type: 'physical',
				description: EVIL.locationDescription,
				timezone_name: 'Europe/Berlin',
				latitude: 52.5,
				longitude: 13.4,
				addresses: [{
					address_1: EVIL.street, city: 'Berlin', postal_code: '<i>10</i>', country: 'DE',
					address_type: 'physical', state_province: 'Berlin', region: '<u>r</u>',
				}],
				schedules: [{ freq: 'WEEKLY', byday: 'MO', opens_at: '09:00', closes_at: '10:00', description: EVIL.schedule }],
				contact_channels: [{ type: 'phone', value: '+49300000999', safe_to_leave_message: false, languages: ['de'] }],
			},
		}],
	};
}

async function newPage({ js = false, width = 360, locale, bypassCSP = false } = {}) {
	const context = await browser.newContext({
		viewport: { width, height: 800 }, javaScriptEnabled: js, locale, bypassCSP,
	});
	const page = await context.newPage();
	const foreign = [];
	page.on('request', (r) => {
		const u = new URL(r.url());
		if (u.host !== `127.0.0.1:${daemon.port}`) foreign.push(r.url());
	});
	page.on('dialog', (d) => { throw new Error(`a dialog opened: ${d.message()}`); });
	return { context, page, foreign };
}

/** Nothing of the listing became markup: no script, no handler, no javascript: link. */
async function assertInert(page, what) {
	const found = await page.evaluate(() => {
		const bad = [];
		if (document.querySelectorAll('script, iframe, object, embed, svg, img, b, i, u').length)
			bad.push('an element from the data');
		for (const el of document.querySelectorAll('*')) {
			for (const a of el.getAttributeNames()) {
				if (/^on/i.test(a)) bad.push(`${el.tagName} has ${a}`);
				if (/^(href|src|action)$/i.test(a) && /^\s*javascript:/i.test(el.getAttribute(a)))
					bad.push(`${el.tagName} ${a}=${el.getAttribute(a)}`);
			}
		}
		return bad;
	});
	assert.deepEqual(found, [], `${what}: markup from the data`);
}

async function resultIds(page) {
	return page.$$eval('ol.results h3 a', (as) => as.map((a) => new URL(a.href).pathname.split('/')[2]));
}

/** The ids the JSON API gives for the same filters (first page of 10). */
async function apiIds(query) {
	const body = await daemon.get(`/services?per_page=10&${query}`);
	return body.contents.map((s) => s.id);
}

describe('pages', { skip: skip || false }, () => {
	before(async () => {
		axeSource = readAxe();
		conninfo = await sampleDatabase('dirtest_browser_pages');
		dir = tempDir('directoryd-pages-');
		const config = pagesConfig(dir, [
			'license_name = CC BY 4.0',
			'license_url = https://creativecommons.org/licenses/by/4.0/',
			'quick_exit_url = https://neutral.example/',
			`report_rate_limit = ${REPORT_LIMIT}`,
		]);
		daemon = new Daemon(conninfo, { config });
		await daemon.start();
		const orgId = await createOrg(conninfo, EVIL.org);
		orgToken = await createToken(conninfo, { organization: orgId });
		const other = (await daemon.get('/organizations?per_page=2')).contents.find((o) => o.id !== orgId);
		otherToken = await createToken(conninfo, { organization: other.id });
		adminToken = await createToken(conninfo, { nodeAdmin: true });
		const r = await daemon.request('/services', { method: 'POST', body: hostileService(orgId), token: orgToken });
		assert.equal(r.status, 201, `the hostile listing is stored: ${r.text.slice(0, 1000)}`);
		evilId = r.json.id;
		browser = await launchBrowser();
	});

	after(async () => {
		try {
			if (browser) await browser.close();
		} finally {
			await teardown({ daemon, dir }); // the folder was left behind before
		}
	});

	test('GET / is the form for browsers and the API root for JSON (Vary: Accept)', async () => {
		const html = await daemon.request('/', { headers: { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
		assert.equal(html.status, 200);
		assert.match(html.headers.get('content-type'), /^text\/html; charset=utf-8/);
		assert.match(html.headers.get('vary'), /Accept/);
		assert.match(html.text, /<form class="search"/);
		for (const accept of [undefined, '*/*', 'application/json', 'text/html;q=0.5, application/json']) {
			const r = await daemon.request('/', { headers: accept ? { Accept: accept } : {} });
			assert.equal(r.json?.version, '3.0', `Accept ${accept}: the HSDS root`);
			assert.deepEqual(r.json.license, { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' });
			assert.match(r.headers.get('vary'), /Accept/);
		}
	});

	test('headers: no cookie, strict CSP, no referrer, nosniff; CSS cacheable, pages not; under 50 KB', async () => {
		const css = await daemon.request('/static/directoryd.css');
		assert.equal(css.status, 200);
		assert.match(css.headers.get('content-type'), /^text\/css/);
		assert.match(css.headers.get('cache-control'), /max-age=\d+/);
		assert.ok(!/@font-face|@import|url\(/i.test(css.text), 'no web fonts or outside files in the CSS');
		const berlin = (await daemon.get('/services?city=Berlin&per_page=1')).contents[0].id;
		for (const path of ['/search', '/search?city=Berlin', '/search?city=&print=1', '/search?city=&print=1&lang=bg',
			'/search?city=&lang=uk', `/search/${berlin}`,
			`/search/${evilId}`, '/privacy', '/search?lang=uk&city=Paris']) {
			const r = await daemon.request(path);
			assert.equal(r.status, 200, path);
			assert.equal(r.headers.get('set-cookie'), null, `${path}: no cookie`);
			assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
			assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
			assert.equal(r.headers.get('cache-control'), 'no-store', `${path}: results are not kept`);
			const csp = r.headers.get('content-security-policy');
			assert.match(csp, /default-src 'none'/);
			assert.ok(!/script-src|unsafe|\*/.test(csp), `${path}: CSP allows no script: ${csp}`);
			assert.ok(!/<script/i.test(r.text), `${path}: no script`);
			const size = Buffer.byteLength(r.text) + Buffer.byteLength(css.text);
			assert.ok(size < 50 * 1024, `${path}: page and CSS are ${size} bytes, over 50 KB`);
		}
	});

	test('search, opening a service, 360 px, no JavaScript, nothing from elsewhere', async () => {
		const { context, page, foreign } = await newPage();
		await page.goto(`${daemon.base}/search`);
		await page.fill('#city', 'Berlin');
		await page.click('form.search button[type=submit]');
		assert.match(page.url(), /city=Berlin/);
		const got = await resultIds(page);
		assert.deepEqual(got, await apiIds('city=Berlin'), 'the page shows what the API gives, in its order');
		assert.ok(got.includes(evilId));
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		assert.ok(width <= 360, `the results fit 360 px (scrollWidth ${width})`);
		await shot(page, 'search-results-360');
		const first = got.find((id) => id !== evilId);
		await page.click(`ol.results a[href^="/search/${first}"]`);
		const h1 = await page.textContent('h1');
		const api = await daemon.get(`/services/${first}`);
		assert.equal(h1.trim(), api.name);
		assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360);
		await shot(page, 'service-360');
		assert.deepEqual(foreign, [], 'nothing is loaded from elsewhere');
		assert.deepEqual(await context.cookies(), [], 'no cookie');
		await context.close();
	});

	test('each filter gives the API search: language, type, each need, open now, nearby, words, paging', async () => {
		const { context, page } = await newPage();
		const cases = [
			[{ select: ['#language', 'ro'] }, 'language=ro'],
			[{ select: ['#category', 'sti_hiv_testing'] }, 'category=sti_hiv_testing'],
			[{ check: '#need_free' }, 'access=free'],
			[{ check: '#need_no_id_required' }, 'access=no_id_required'],
			[{ check: '#need_anonymous' }, 'access=anonymous'],
			[{ check: '#need_all_residence_statuses' }, 'access=all_residence_statuses'],
			[{ check: '#need_walk_in' }, 'access=walk_in'],
			[{ check: '#open_now' }, 'open_now=true'],
			[{ fill: ['#q', 'testing'] }, 'search=testing'],
		];
		for (const [action, query] of cases) {
			await page.goto(`${daemon.base}/search`);
			if (action.select) await page.selectOption(action.select[0], action.select[1]);
			if (action.check) await page.check(action.check);
			if (action.fill) await page.fill(action.fill[0], action.fill[1]);
			await page.click('form.search button[type=submit]');
			assert.deepEqual(await resultIds(page), await apiIds(query), `filter ${query}`);
		}
		// nearby: a city of the directory, as the middle of its places
		await page.goto(`${daemon.base}/search`);
		await page.fill('#near', 'Zürich');
		await page.selectOption('#radius_km', '5');
		await page.click('form.search button[type=submit]');
		const near = await resultIds(page);
		assert.ok(near.length > 0, 'services near Zürich');
		const far = await apiIds('city=Berlin');
		assert.ok(!near.some((id) => far.includes(id) && id !== evilId), 'nothing in Berlin is within 5 km of Zürich');
		// (not "Atlantis": near= now knows every GeoNames place, and Atlantis, Western Cape, is one)
		await page.goto(`${daemon.base}/search?near=Atlantys-Nowhere`);
		assert.match(await page.textContent('.notice'), /not in the directory/);
		// paging: every service once over the pages
		const all = new Set();
		await page.goto(`${daemon.base}/search?city=`);
		for (let n = 0; n < 10; n++) {
			for (const id of await resultIds(page)) all.add(id);
			const next = await page.$('a[rel=next]');
			if (!next) break;
			await next.click();
		}
		const total = (await daemon.get('/services?per_page=1')).total_items;
		assert.equal(all.size, total, 'paging shows every service once');
		await context.close();
	});

	test('a misspelt city offers the places the API suggests, as links that keep the search and the language', async () => {
		const api = await daemon.get('/services?city=zurch&access=free');
		assert.equal(api.total_items, 0);
		const names = (api.suggestions ?? []).map((p) => p.name);
		const zurich = names.find((n) => /^Z(u|ü)rich$/.test(n)); // GeoNames' name of the place
		assert.ok(zurich, `the API suggests Zürich: ${JSON.stringify(api.suggestions)}`);
		const { context, page } = await newPage();
		await page.goto(`${daemon.base}/search?city=zurch&access=free&page=2&lang=de`);
		assert.match(await page.textContent('#suggested'), /^Meinten Sie einen dieser Orte\?$/, 'from the catalogue');
		const links = await page.$$eval('ul.suggestions a', (as) => as.map((a) => ({ text: a.textContent, href: a.href })));
		assert.deepEqual(links.map((l) => l.text), names, 'every suggestion, in the API\'s order');
		await shot(page, 'search-suggestions-de-360');
		const href = new URL(links[names.indexOf(zurich)].href);
		assert.equal(href.pathname, '/search');
		assert.deepEqual(href.searchParams.getAll('city'), [zurich], 'the misspelt city is replaced');
		assert.equal(href.searchParams.get('access'), 'free');
		assert.equal(href.searchParams.get('lang'), 'de');
		assert.equal(href.searchParams.get('page'), null, 'back to the first page');
		await page.click(`ul.suggestions a >> text=${zurich}`);
		assert.equal(await page.getAttribute('html', 'lang'), 'de');
		assert.equal(await page.inputValue('#city'), zurich);
		const got = await resultIds(page);
		assert.ok(got.length > 0, 'services in Zürich');
		assert.deepEqual(got, await apiIds(`city=${encodeURIComponent(zurich)}&access=free`));
		assert.equal(await page.$('ul.suggestions'), null, 'no suggestions when the city is found');
		// in English the text is the msgid
		await page.goto(`${daemon.base}/search?city=zurch`);
		assert.match(await page.textContent('#suggested'), /^Did you mean one of these places\?$/);
		await context.close();
	});

	test('an unknown near= offers the places the search suggests, as links that keep the search and the language', async () => {
		// The page passes near= to the search, which alone resolves it: the API's answer is the page's.
		const api = await daemon.get('/services?near=zurch&radius_km=25&access=free');
		assert.equal(api.total_items, 0);
		assert.equal(api.place, undefined, 'no place was meant');
		const names = (api.suggestions ?? []).map((p) => p.name);
		const zurich = names.find((n) => /^Z(u|ü)rich$/.test(n));
		assert.ok(zurich, `the API suggests Zürich: ${JSON.stringify(api.suggestions)}`);
		const { context, page } = await newPage();
		for (const [lang, notice] of [
			['de', 'Diese Stadt ist nicht im Verzeichnis. Wählen Sie eine der vorgeschlagenen Städte.'],
			['ro', 'Acest oraș nu este în ghid. Alegeți unul dintre orașele propuse.'],
		]) {
			await page.goto(`${daemon.base}/search?near=zurch&radius_km=25&access=free&page=2&lang=${lang}`);
			assert.equal(await page.getAttribute('html', 'lang'), lang);
			assert.equal((await page.textContent('.notice')).trim(), notice, `${lang}: from the catalogue`);
			assert.equal(await page.$('ol.results'), null, `${lang}: no search ran, so no count and no list`);
			const links = await page.$$eval('ul.suggestions a', (as) => as.map((a) => ({ text: a.textContent, href: a.href })));
			assert.deepEqual(links.map((l) => l.text), names, `${lang}: every suggestion, in the API's order`);
			const href = new URL(links[names.indexOf(zurich)].href);
			assert.equal(href.pathname, '/search');
			assert.deepEqual(href.searchParams.getAll('near'), [zurich], 'the misspelt city is replaced');
			assert.equal(href.searchParams.get('city'), null, 'near= stays near=, not city=');
			assert.equal(href.searchParams.get('radius_km'), '25');
			assert.equal(href.searchParams.get('access'), 'free');
			assert.equal(href.searchParams.get('lang'), lang);
			assert.equal(href.searchParams.get('page'), null, 'back to the first page');
		}
		await shot(page, 'search-near-suggestions-ro-360');
		await page.click(`ul.suggestions a >> text=${zurich}`);
		assert.equal(await page.getAttribute('html', 'lang'), 'ro');
		assert.equal(await page.inputValue('#near'), zurich);
		const got = await resultIds(page);
		assert.ok(got.length > 0, 'services near Zürich');
		assert.deepEqual(got, await apiIds(`near=${encodeURIComponent(zurich)}&radius_km=25&access=free`));
		assert.equal(await page.$('.notice'), null, 'no notice when the city is found');
		assert.equal(await page.$('ul.suggestions'), null);
		// a name spelt like no place: the notice says so and suggests nothing
		assert.equal((await daemon.get('/services?near=Qqqqqq')).suggestions, undefined);
		for (const [lang, notice] of [['de', 'Diese Stadt ist nicht im Verzeichnis. Prüfen Sie die Schreibweise.'],
			['en', 'That city is not in the directory. Check how it is spelt.']]) {
			await page.goto(`${daemon.base}/search?near=Qqqqqq&lang=${lang}`);
			assert.equal((await page.textContent('.notice')).trim(), notice);
			assert.equal(await page.$('ul.suggestions'), null);
		}
		await context.close();
	});

	test('a service page and its "open now" take the service\'s own hours over its place\'s, and say when they are the place\'s', async () => {
		const tz = 'Europe/Berlin';
		const [h, m] = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
			.format(new Date()).split(':').map(Number);
		const now = h * 60 + m;
		const hhmm = (x) => { const y = ((x % 1440) + 1440) % 1440; return `${String(Math.floor(y / 60)).padStart(2, '0')}:${String(y % 60).padStart(2, '0')}`; };
		const all = 'MO,TU,WE,TH,FR,SA,SU';
		// the place (a cafe) is open for two hours around now; the service's own hours start six hours later
		const orgId = (await daemon.get(`/services/${evilId}`)).organization_id;
		const doc = smallService(orgId, {
			name: 'Clinic evening at the cafe',
			schedules: [{ freq: 'WEEKLY', byday: all, opens_at: hhmm(now + 360), closes_at: hhmm(now + 420) }],
			service_at_locations: [{ location: {
				name: 'Cafe of the clinic evening', location_type: 'physical', timezone_name: tz, latitude: 52.51, longitude: 13.41,
				addresses: [{ address_1: 'Teststrasse 2', city: 'Berlin', state_province: 'Berlin', postal_code: '10115',
					country: 'DE', address_type: 'physical' }],
				schedules: [{ freq: 'WEEKLY', byday: all, opens_at: hhmm(now - 60), closes_at: hhmm(now + 60) }],
			} }],
		});
		const r = await daemon.request('/services', { method: 'POST', body: doc, token: orgToken });
		assert.equal(r.status, 201, r.text);
		const { context, page } = await newPage();
		try {
			assert.ok(!(await daemon.get('/services?open_now=true&city=Berlin&per_page=50')).contents.some((x) => x.id === doc.id), 'the API: not open now');
			await page.goto(`${daemon.base}/search/${doc.id}`);
			assert.match((await page.textContent('section.place p:has(.closed, .open)')).trim(), /^Closed now/,
				await page.innerHTML('section.place'));
			assert.equal(await page.$('.hours-of'), null, 'the hours are the service\'s own');
			const own = `${hhmm(now + 360)}\u2013${hhmm(now + 420)}`;
			assert.ok((await page.textContent('table.hours tr.today td')).includes(own), `today: ${own}`);
			assert.ok(!(await page.textContent('table.hours')).includes(hhmm(now - 60)), 'not the cafe\'s hours');
			await page.goto(`${daemon.base}/search?q=${encodeURIComponent('Clinic evening')}`);
			assert.match(await page.textContent('ol.results li.result'), /Closed now/, 'the result card agrees');
			// the sample: the clinic S01 has its own Tuesday and Thursday afternoons, the drop-in S02 only the cafe's hours
			const [s01, s02] = ids('S01', 'S02');
			await page.goto(`${daemon.base}/search/${s01}`);
			assert.equal(await page.$('.hours-of'), null);
			const week = await page.$$eval('table.hours tr', (trs) => trs.map((tr) => tr.textContent));
			assert.equal(week.filter((t) => t.includes('14:00\u201319:00')).length, 2, `Tuesday and Thursday: ${week}`);
			assert.equal(week.filter((t) => /Closed$/.test(t)).length, 5);
			await page.goto(`${daemon.base}/search/${s02}?lang=de`);
			assert.equal((await page.textContent('.hours-of')).trim(),
				'Das sind die Öffnungszeiten des Ortes: Das Angebot nennt keine eigenen Zeiten.');
			await shot(page, 'service-place-hours-de-360');
			// the printed city sheet says it the same way
			await page.goto(`${daemon.base}/search?city=Z%C3%BCrich&print=1`);
			const note = (id) => page.$eval(`li.result:has(a[href^="/search/${id}"])`, (li) => li.querySelector('.hours-of')?.textContent ?? null);
			assert.match(await note(s02), /the place's opening hours/);
			assert.equal(await note(s01), null);
		} finally {
			await context.close();
			await daemon.request(`/services/${doc.id}`, { method: 'DELETE', token: orgToken });
		}
	});

	test('the SMS text names the days in the page\'s language', async () => {
		// S02's hours are its café's, Monday to Friday 12:00-20:00; the day names are CLDR's stand-alone short ones (ICU)
		const [s02] = ids('S02');
		const { context, page } = await newPage();
		for (const [lang, week] of [['en', 'Mon Tue Wed Thu Fri 12:00-20:00'], ['de', 'Mo Di Mi Do Fr 12:00-20:00'],
			['ro', 'lun. mar. mie. joi vin. 12:00-20:00'], ['uk', 'пн вт ср чт пт 12:00-20:00']]) {
			await page.goto(`${daemon.base}/search/${s02}?lang=${lang}`);
			const href = await page.getAttribute('a[href^="sms:?body="]', 'href');
			const body = decodeURIComponent(href.slice('sms:?body='.length));
			assert.ok(body.split('\n').includes(week), `${lang}: ${JSON.stringify(body)}`);
		}
		await context.close();
	});

	test('the quick exit button sits beside the site name in every language at 360 px', async () => {
		// the quick start's node name: with it, "Ieșire rapidă", "Schnell verlassen" and "Швидкий вихід" pushed
		// the name onto a line of its own while "Quick exit" left it beside the button
		const named = tempDir('directoryd-pages-name-');
		const config = writeTemp(named, 'directoryd.ini', [`locale_dir = ${join(BUILD, 'po')}`,
			'node_name = directoryd quick start', 'quick_exit_url = https://neutral.example/', ''].join('\n'));
		const other = new Daemon(conninfo, { config });
		await other.start();
		const { context, page } = await newPage();
		try {
			for (const lang of ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'ro', 'bg', 'pl', 'ru', 'uk']) {
				await page.goto(`${other.base}/search?lang=${lang}`);
				const box = (sel) => page.$eval(sel, (e) => e.getBoundingClientRect().toJSON());
				const [exit, site, langs] = [await box('header .exit'), await box('header .site'), await box('header .langs')];
				assert.ok(exit.left < site.left && exit.right <= site.left, `${lang}: the button first, then the name`);
				assert.ok(site.top < exit.bottom && exit.top < site.bottom, `${lang}: on one line (button ${exit.top}-${exit.bottom}, name ${site.top}-${site.bottom})`);
				assert.ok(langs.top >= Math.max(exit.bottom, site.bottom) - 1, `${lang}: the language switch below them`);
				assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360, `${lang}: nothing past 360 px`);
				if (['en', 'de', 'ro', 'uk'].includes(lang))
					await page.screenshot({ path: join(ARTEFACTS, `header-${lang}-360.png`), clip: { x: 0, y: 0, width: 360, height: 160 } });
			}
		} finally {
			await context.close();
			await teardown({ daemon: other, dir: named });
		}
	});

	test('the interface language: ?lang=, Accept-Language, the switch; texts marked with their language', async () => {
		const { context, page } = await newPage();
		await page.goto(`${daemon.base}/search`);
		assert.equal(await page.getAttribute('html', 'lang'), 'en');
		await page.click('.langs summary');
		await page.click('.langs a[hreflang=de]');
		assert.match(page.url(), /lang=de/);
		assert.equal(await page.getAttribute('html', 'lang'), 'de');
		assert.equal((await page.textContent('h1')).trim(), 'Unterstützung finden');
		// the service types read in German from the vocabulary translations
		assert.ok((await page.$$eval('#category option', (o) => o.map((x) => x.textContent))).includes('STI- und HIV-Tests'));
		// the language is kept across the form and links
		await page.click('form.search button[type=submit]');
		assert.equal(await page.getAttribute('html', 'lang'), 'de');
		// a text with a plural comes from the catalogue too (it was English)
		assert.match((await page.textContent('[role=status]')).trim(), /^\d+ Angebote? gefunden$/);
		await context.close();
		for (const [locale, tag, heading] of [['bg-BG', 'bg', 'Намерете подкрепа'], ['uk-UA', 'uk', 'Знайти підтримку'],
			['ro-RO', 'ro', 'Găsiți sprijin'], ['ja-JP', 'en', 'Find support']]) {
			const c = await newPage({ locale });
			await c.page.goto(`${daemon.base}/search`);
			assert.equal(await c.page.getAttribute('html', 'lang'), tag, `Accept-Language ${locale}`);
			assert.equal((await c.page.textContent('h1')).trim(), heading);
			await c.context.close();
		}
		// a service text without a translation keeps its own language, marked
		const [s01] = ids('S01');
		const c = await newPage();
		await c.page.goto(`${daemon.base}/search/${s01}?lang=uk`);
		const api = await daemon.get(`/services/${s01}?lang=uk`);
		const h1Lang = await c.page.getAttribute('h1', 'lang');
		if (api.translations?.uk?.name) assert.equal(h1Lang, null, 'a Ukrainian name in a Ukrainian page');
		else assert.equal(h1Lang, 'en', 'the English original is marked lang=en');
		assert.deepEqual(await c.context.cookies(), []);
		await c.context.close();
	});

	test('a confidential location: no street, no map link, "address given on contact"', async () => {
		const rows = await psql(`SELECT x.service_id, a.address_1 FROM location l JOIN address a ON a.location_id = l.id
			JOIN service_at_location x ON x.location_id = l.id WHERE l.confidential LIMIT 1`, { db: 'dirtest_browser_pages' });
		const [serviceId, street] = rows.split('\n')[0].split('|');
		const { context, page } = await newPage();
		await page.goto(`${daemon.base}/search/${serviceId}`);
		const text = await page.textContent('main');
		assert.match(text, /Address given on contact/);
		if (street) assert.ok(!text.includes(street), 'the street of a confidential location is not shown');
		assert.equal(await page.$('a[href^="geo:"]'), null, 'no geo: link for a confidential location');
		const sms = await page.getAttribute('a[href^="sms:?body="]', 'href');
		assert.match(decodeURIComponent(sms), /Address given on contact/);
		await shot(page, 'confidential-360');
		await page.goto(`${daemon.base}/search/${evilId}`);
		assert.ok(await page.$('a[href^="geo:52.5"]'), 'a public place has a geo: link');
		await context.close();
	});

	test('when a listing was checked, where it comes from, and a stale mirrored listing marked', async () => {
		const [s05, s14] = ids('S05', 'S14');
		const { context, page } = await newPage();
		await page.goto(`${daemon.base}/search/${s05}`);
		const local = await page.textContent('.provenance');
		const api = await daemon.get(`/services/${s05}`);
		assert.ok(local.includes(api.assured_date), 'assured_date is shown');
		assert.match(local, /Listed by this directory node/);
		assert.equal(await page.$('.stale'), null);
		await page.goto(`${daemon.base}/search/${s14}`);
		assert.match(await page.textContent('.provenance'), /Never checked/);
		// the listing as a mirror holds it: from another node, fetched long ago
		await psql(`UPDATE service SET fed = '{"origin_node": "far.example", "version": 3, "key_id": "far.example#1",
			"fetched_at": "2020-01-01T00:00:00Z"}' WHERE id = '${s05}'`, { db: 'dirtest_browser_pages' });
		await page.goto(`${daemon.base}/search/${s05}`);
		const mirrored = await page.textContent('.provenance');
		assert.match(mirrored, /Listed by the directory node far\.example/);
		assert.match(await page.textContent('.stale'), /out of date/);
		await context.close();
	});

	test('contact links: tel:, sms:, Signal, WhatsApp; whether a message is safe', async () => {
		const { context, page } = await newPage();
		await page.goto(`${daemon.base}/search?city=&print=1`);
		const hrefs = [];
		let unsafe = 0;
		for (let n = 0; n < 10; n++) { /* the sheet is paged like the results */
			hrefs.push(...await page.$$eval('.contacts a', (as) => as.map((a) => a.getAttribute('href'))));
			unsafe += (await page.$$('.contacts .unsafe')).length;
			const next = await page.$('a[rel=next]');
			if (!next) break;
			await next.click();
		}
		for (const prefix of ['tel:+', 'sms:+', 'https://signal.me/#p/+', 'https://wa.me/', 'mailto:'])
			assert.ok(hrefs.some((h) => h.startsWith(prefix)), `a ${prefix} link`);
		assert.ok(unsafe > 0, 'unsafe channels are marked');
		await context.close();
	});

	test('a link near the top of a service page leads to the problem report form and its focus, without JavaScript', async () => {
		const [s01] = ids('S01');
		const { context, page } = await newPage(); // 360 x 800, JavaScript off
		for (const [lang, text] of [['ro', 'Semnalați o problemă cu această fișă'], ['en', 'Report a problem with this listing']]) {
			await page.goto(`${daemon.base}/search/${s01}?lang=${lang}`);
			const link = await page.$('main a[href="#report"]');
			assert.ok(link, `${lang}: a link to the form`);
			assert.equal((await link.textContent()).trim(), text, `${lang}: from the catalogue`);
			const box = await link.boundingBox();
			assert.ok(box.y + box.height <= 800, `${lang}: on the first screen (${box.y} px down)`);
			const form = await page.$('#report');
			assert.ok((await form.boundingBox()).y > 1600, 'the form itself is far down the page');
			await page.screenshot({ path: join(ARTEFACTS, `service-top-${lang}-360.png`) }); // the first screen
			await link.click();
			assert.equal(new URL(page.url()).hash, '#report');
			assert.equal(await page.evaluate(() => document.activeElement?.id), 'report', `${lang}: the form's heading has the focus`);
			const top = await page.evaluate(() => document.getElementById('report').getBoundingClientRect().top);
			assert.ok(top >= 0 && top < 800, `${lang}: the form's heading is on screen (${top})`);
			await page.keyboard.press('Tab');
			assert.equal(await page.evaluate(() => document.activeElement?.id), 'kind_closed', 'the next Tab is the first choice');
		}
		await shot(page, 'service-report-link-en-360');
		// not on the print view, which has no form
		await page.goto(`${daemon.base}/search/${s01}?print=1`);
		assert.equal(await page.$('a[href="#report"]'), null);
		await context.close();
	});

	test('the problem report is stored without the sender, readable by the organisation and the node admin, rate-limited', async () => {
		const { context, page } = await newPage();
		await page.goto(`${daemon.base}/search/${evilId}`);
		await page.check('#kind_wrong_hours');
		await page.fill('#text', 'Closed on Monday <script>alert(14)</script>');
		await page.click('.report button[type=submit]');
		assert.match(await page.textContent('h1'), /Thank you/);
		await assertInert(page, 'report answer');
		const mine = await daemon.get('/reports', { token: orgToken });
		assert.equal(mine.contents.length, 1);
		assert.equal(mine.contents[0].kind, 'wrong_hours');
		assert.equal(mine.contents[0].text, 'Closed on Monday <script>alert(14)</script>');
		assert.equal(mine.contents[0].service_id, evilId);
		assert.match(mine.contents[0].received_hour, /:00:00/);
		assert.equal((await daemon.get('/reports', { token: adminToken })).contents.length, 1);
		assert.equal((await daemon.get('/reports', { token: otherToken })).contents.length, 0, 'another organisation sees none');
		assert.equal((await daemon.request('/reports')).status, 401);
		const columns = await psql(`SELECT string_agg(column_name, ',' ORDER BY column_name) FROM information_schema.columns
			WHERE table_name = 'problem_report'`, { db: 'dirtest_browser_pages' });
		assert.equal(columns, 'id,kind,organization_id,received_hour,service_id,text', 'a report keeps nothing about its sender');
		// the limit per listing and hour
		const form = (kind) => new URLSearchParams({ kind, text: '' }).toString();
		const post = (body, ct = 'application/x-www-form-urlencoded') => daemon.request(`/search/${evilId}/report`,
			{ method: 'POST', body, headers: { 'Content-Type': ct } });
		for (let i = 1; i < REPORT_LIMIT; i++) assert.equal((await post(form('closed'))).status, 200);
		assert.equal((await post(form('moved'))).status, 429, 'over the limit');
		assert.equal((await post(form('nonsense'))).status, 400);
		assert.equal((await post(Buffer.from('kind=other&text=%FF%FE'))).status, 400, 'invalid UTF-8 is refused');
		assert.equal((await post('{"kind":"closed"}', 'application/json')).status, 400);
		await context.close();
	});

	test('the print view: a city sheet with contacts and hours, without the form', async () => {
		const { context, page } = await newPage({ width: 800 });
		await page.goto(`${daemon.base}/search?city=Berlin`);
		await page.click('text=Printable city sheet of these results');
		assert.match(page.url(), /print=1/);
		assert.equal(await page.$('form.search'), null);
		assert.ok((await page.$$('ol.results table.hours')).length > 0, 'hours on the sheet');
		assert.ok((await page.$$('ol.results .contacts a[href^="tel:"]')).length > 0, 'phones on the sheet');
		await page.emulateMedia({ media: 'print' });
		assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('header')).display), 'none');
		await page.pdf?.({ path: join(ARTEFACTS, 'city-sheet.pdf') }).catch(() => {});
		await shot(page, 'city-sheet');
		await context.close();
	});

	test('the quick exit is the first thing the keyboard reaches, visible, and leaves at once', async () => {
		const { context, page } = await newPage();
		await context.route('https://neutral.example/**', (r) => r.fulfill({ status: 200, body: 'neutral', contentType: 'text/plain' }));
		await page.goto(`${daemon.base}/search/${evilId}`);
		await page.keyboard.press('Tab');
		const focused = await page.evaluate(() => ({ text: document.activeElement.textContent, href: document.activeElement.getAttribute('href') }));
		assert.deepEqual(focused, { text: 'Quick exit', href: 'https://neutral.example/' });
		const box = await page.locator('a.exit').boundingBox();
		assert.ok(box && box.y < 100 && box.width > 40, 'visible at the top');
		const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
		assert.notEqual(outline, 'none', 'focus is visible');
		await page.keyboard.press('Enter');
		await page.waitForURL('https://neutral.example/');
		await context.close();
	});

	test('hostile texts stay text on every page; invalid UTF-8 in the query is refused', async () => {
		const { context, page } = await newPage({ js: true });
		const pages = [`/search/${evilId}`, '/search?city=Berlin', '/search?city=Berlin&print=1',
			`/search?q=${encodeURIComponent(EVIL.name)}&city=${encodeURIComponent(EVIL.street)}`,
			`/search/${evilId}?lang=ru`, '/privacy'];
		for (const path of pages) {
			await page.goto(daemon.base + path);
			await assertInert(page, path);
		}
		await page.goto(`${daemon.base}/search/${evilId}`);
		const text = await page.textContent('body');
		for (const [k, v] of Object.entries(EVIL)) {
			if (['url', 'form', 'email', 'org'].includes(k)) continue;
			assert.ok(text.includes(v), `${k} is shown as text: ${v}`);
		}
		assert.equal(await page.getAttribute('a[href^="https://evil.example"]', 'href'), EVIL.form);
		// invalid UTF-8 and controls in the query are refused by the transport before any page (issue 8),
		// and the refusal echoes none of the bytes
		const bad = '%FF%FE%C3%28%ED%A0%80%00%1B';
		const r = await daemon.request(`/search?city=${bad}&near=${bad}&q=${bad}&language=${bad}&category=${bad}&access=${bad}&lang=${bad}`);
		assert.equal(r.status, 400);
		assert.ok(!r.text.includes('\u0000') && !r.text.includes('\u001b'));
		// a listing with invalid UTF-8 is refused by the API, so no page can show it
		const raw = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
		assert.equal((await daemon.request('/services', { method: 'POST', body: raw, token: orgToken })).status, 400);
		// javascript: URLs are refused at the door too
		const js = hostileService(null);
		js.url = 'javascript:alert(1)';
		assert.equal((await daemon.request('/services', { method: 'POST', body: js, token: orgToken })).status, 400);
		await context.close();
	});

	test('axe-core: no WCAG 2.1 A or AA violation on any page', async () => {
		const { context, page } = await newPage({ js: true, bypassCSP: true });
		const [s01] = ids('S01');
		for (const path of ['/search', '/search?city=Berlin', `/search/${s01}`, `/search/${evilId}`,
			'/search?city=Berlin&print=1', '/privacy', '/search?lang=ru&city=Paris', `/search/${s01}?lang=bg`]) {
			await page.goto(daemon.base + path);
			await page.addScriptTag({ content: axeSource });
			const result = await page.evaluate(() => window.axe.run(document,
				{ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
			const found = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
			assert.deepEqual(found, [], `${path}: axe-core violations`);
		}
		await context.close();
	});
});
