// manage.test.mjs - the registrars' pages at /manage (docs/registrars.md),
// in Debian's headless Chromium with JavaScript off, at 390 px (a phone), against a
// real daemon, PostgreSQL and (for the LDAP sign-in) the test slapd of
// tests/ldap/slapd-test. Every page is checked with axe-core (WCAG 2.1 A
// and AA). Screenshots go to <build>/browser-artefacts/manage-*.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createHmac } from 'node:crypto';

import {
	missingEnv, createOrg, createToken, directorydOk, Daemon, tempDir, writeTemp, psql,
	startSlapd, teardown,
} from '../integration/lib/harness.mjs';
import { assertValid } from '../integration/lib/hsds-schema.mjs';
import { launchBrowser, axeSource as readAxe, shot as shotAs, sampleDatabase, pagesConfig } from './lib/browser.mjs';

const skip = missingEnv();
const PW = 'a long enough password 7';
const LDAP_PW = 'test password 1';
const HAVE_SLAPD = existsSync('/usr/sbin/slapd');

let daemon, conninfo, browser, axeSource, dir, slapd;
let orgA, orgB, otherService, adminToken;

async function invite(org, role = 'registrar') {
	const r = await directorydOk(conninfo, ['invite', 'create', '--role', role, '--organization', org]);
	return r.stdout.trim().split(/\s+/).find((w) => w.startsWith('div_'));
}

async function newPage() {
	const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
	const page = await context.newPage();
	page.on('dialog', (d) => { throw new Error(`a dialog opened: ${d.message()}`); });
	return { context, page };
}

const shot = (page, name) => shotAs(page, `manage-${name}`);

/** axe-core on the page as it is (script injected by the test only). */
async function axe(page, what) {
	const ctx = page.context();
	const url = page.url();
	// axe needs script: a second context with JavaScript on and CSP bypassed reads the same HTML
	const html = await page.content();
	const js = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: true, bypassCSP: true });
	try {
		const p = await js.newPage();
		await p.route('**/*', (route) => (route.request().url() === url
			? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html })
			: route.continue()));
		await p.goto(url);
		await p.addScriptTag({ content: axeSource });
		const result = await p.evaluate(async () => window.axe.run(document,
			{ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
		const bad = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
		assert.deepEqual(bad, [], `${what}: axe-core violations`);
	} finally {
		await js.close();
	}
	void ctx;
}

/** Sign in through the form; returns the page on the dashboard. */
async function signIn(username, password) {
	const { context, page } = await newPage();
	await page.goto(`${daemon.base}/manage`);
	assert.match(page.url(), /\/manage\/login/, 'signed out: sent to the sign-in page');
	await page.fill('#username', username);
	await page.fill('#password', password);
	await page.click('form.manage button[type=submit]');
	return { context, page };
}

async function cookieOf(context) {
	return (await context.cookies()).find((c) => c.name === 'dse');
}

describe('registrars\' pages', { skip: skip || false }, () => {
	before(async () => {
		axeSource = readAxe();
		conninfo = await sampleDatabase('dirtest_browser_manage');
		dir = tempDir('directoryd-manage-');
		orgA = await createOrg(conninfo, 'Collective A', { sexWorkerLed: true });
		orgB = await createOrg(conninfo, 'Collective B');
		const config = ['login_throttle_address = 0', 'login_free_failures = 50', 'maintenance_interval = 1',
			`key_dir = ${join(dir, 'keys')}`];
		if (HAVE_SLAPD) {
			slapd = await startSlapd(dir);
			config.push(...slapd.config(writeTemp(dir, 'groups', [
				`cn=registrars,ou=groups,dc=example,dc=org => registrar ${orgA}`, ''].join('\n'))));
		}
		daemon = new Daemon(conninfo, { config: pagesConfig(dir, config) });
		await daemon.start();
		adminToken = await createToken(conninfo, { nodeAdmin: true });
		// a service of organisation B, which A's registrar must not reach
		const r = await daemon.request('/services', { method: 'POST', token: adminToken,
			body: { organization_id: orgB, name: 'B\'s drop-in', description: 'Tea and a sofa.', status: 'active' } });
		assert.equal(r.status, 201, r.text);
		otherService = r.json.id;
		browser = await launchBrowser();
	});

	after(async () => {
		try {
			if (browser) await browser.close();
		} finally {
			await teardown({ daemon, servers: [slapd], dir });
		}
	});

	test('an invitation link sets the password and signs in; the cookie is HttpOnly, SameSite=Strict, and the only one', async () => {
		// the public pages and the sign-in page set no cookie
		for (const path of ['/search', '/manage/login']) {
			const r = await daemon.request(path);
			assert.equal(r.headers.get('set-cookie'), null, path);
		}
		const code = await invite(orgA);
		const { context, page } = await newPage();
		await page.goto(`${daemon.base}/manage/invite?code=${encodeURIComponent(code)}`);
		await axe(page, 'invitation page');
		await page.fill('#username', 'ana');
		await page.fill('#password', PW);
		await page.fill('#password2', PW);
		await page.click('form.manage button[type=submit]');
		assert.match(page.url(), /\/manage(\?|$)/);
		assert.match(await page.textContent('nav.manage'), /ana/);
		const cookies = await context.cookies();
		assert.equal(cookies.length, 1, 'one cookie');
		assert.equal(cookies[0].name, 'dse', 'plain HTTP: no __Host- prefix, which needs Secure');
		assert.equal(cookies[0].httpOnly, true);
		assert.equal(cookies[0].sameSite, 'Strict');
		assert.equal(cookies[0].secure, false);
		await axe(page, 'dashboard');
		await shot(page, 'dashboard');
		// signing out from the page ends the session: the old cookie is refused
		const old = await cookieOf(context);
		await page.click('nav.manage button[type=submit]');
		assert.match(page.url(), /\/manage\/login/);
		const again = await raw('/manage', { cookie: old.value });
		assert.equal(again.status, 303);
		assert.equal(again.headers.get('location'), '/manage/login');
		// the invitation is used up
		const { page: p2, context: c2 } = await newPage();
		await p2.goto(`${daemon.base}/manage/invite?code=${encodeURIComponent(code)}`);
		await p2.fill('#username', 'ana2');
		await p2.fill('#password', PW);
		await p2.fill('#password2', PW);
		await p2.click('form.manage button[type=submit]');
		assert.match(await p2.textContent('.error'), /cannot be used/);
		await c2.close();
		await context.close();
	});

	test('sign in with a local account: a wrong password is refused, the right one signs in', async () => {
		const { context, page } = await signIn('ana', 'wrong password here');
		assert.match(await page.textContent('.error'), /wrong/);
		assert.equal(await page.inputValue('#username'), 'ana', 'the username is kept');
		assert.equal((await context.cookies()).length, 0, 'no cookie before signing in');
		await axe(page, 'sign-in page with an error');
		await shot(page, 'login');
		await page.fill('#password', PW);
		await page.click('form.manage button[type=submit]');
		assert.match(await page.textContent('nav.manage'), /ana/);
		await context.close();
	});

	test('the pages come in the outreach pages\' languages (gettext catalogues)', async () => {
		const expect = { de: 'Code aus Ihrer Authenticator-App', fr: 'Code de votre application d’authentification',
			ro: 'Codul din aplicația de autentificare', uk: 'Код із застосунку автентифікації' };
		for (const [lang, text] of Object.entries(expect)) {
			const r = await raw(`/manage/login?lang=${lang}`);
			assert.equal(r.status, 200);
			assert.ok(r.text.includes(text), `${lang}: ${text}`);
		}
		// the language chosen with lang= survives the redirects: to the sign-in page and, signed in, back
		const { context, page } = await newPage();
		await page.goto(`${daemon.base}/manage?lang=uk`);
		assert.match(page.url(), /\/manage\/login\?lang=uk$/);
		assert.equal(await page.getAttribute('html', 'lang'), 'uk');
		assert.ok((await page.textContent('main')).includes(expect.uk), 'the sign-in page in Ukrainian');
		await page.fill('#username', 'ana');
		await page.fill('#password', PW);
		await page.click('form.manage button[type=submit]');
		assert.match(page.url(), /\/manage\?lang=uk$/);
		assert.equal(await page.getAttribute('html', 'lang'), 'uk');
		// the place form's title and heading too (they were translated before the language was switched on)
		await page.goto(`${daemon.base}/manage/locations/new?lang=uk`);
		assert.equal((await page.textContent('h1')).trim(), 'Додати місце');
		assert.match(await page.title(), /^Додати місце/);
		// and the messages the sign-in form and the guard's refusals carry (also translated too early)
		const wrong = await raw('/manage/login?lang=de', { method: 'POST', form: { username: 'ana', password: 'not the password' } });
		assert.equal(wrong.status, 401);
		assert.ok(wrong.text.includes('Benutzername oder Passwort ist falsch.'), 'the sign-in error in German');
		const expired = await raw('/manage/services/new?lang=de', { method: 'POST', cookie: (await cookieOf(context)).value,
			form: { csrf: 'wrong', name: 'x' } });
		assert.equal(expired.status, 403);
		assert.ok(expired.text.includes('Dieses Formular ist abgelaufen'), 'the CSRF refusal in German');
		await context.close();
	});

	test('sign in through LDAP', { skip: !HAVE_SLAPD && 'slapd is not installed' }, async () => {
		const { context, page } = await signIn('lena', LDAP_PW);
		assert.match(await page.textContent('nav.manage'), /lena/);
		assert.ok(await cookieOf(context));
		await context.close();
	});

	test('sign in with a TOTP code when the account has the second step on', async () => {
		const code = await invite(orgA);
		const a = await daemon.request('/auth/invite', { method: 'POST', body: { code, username: 'tia', password: PW } });
		assert.equal(a.status, 201, a.text);
		// tia turns the second step on through the API (an authenticator app's secret)
		const s = await daemon.request('/auth/login', { method: 'POST', body: { username: 'tia', password: PW } });
		const b = await daemon.request('/auth/totp', { method: 'POST', token: s.json.token });
		assert.equal(b.status, 201, b.text);
		const secret = base32Decode(b.json.secret);
		const c = await daemon.request('/auth/totp/confirm', { method: 'POST', token: s.json.token,
			body: { totp: totp(secret, Date.now() / 1000) } });
		assert.equal(c.status, 204, c.text);
		// the password alone: asked for the code, no cookie, the username kept
		const { context, page } = await signIn('tia', PW);
		assert.match(await page.textContent('.error'), /second step/);
		assert.equal(await page.getAttribute('#totp', 'aria-invalid'), 'true');
		assert.equal(await page.inputValue('#username'), 'tia');
		assert.equal((await context.cookies()).length, 0);
		await axe(page, 'sign-in asking for the code');
		await shot(page, 'login-totp');
		// a wrong code is refused
		const t = Date.now() / 1000;
		const valid = new Set([-2, -1, 0, 1, 2].map((k) => totp(secret, t + k * 30)));
		const wrong = ['000000', '111111', '222222'].find((x) => !valid.has(x));
		await page.fill('#password', PW);
		await page.fill('#totp', wrong);
		await page.click('form.manage button[type=submit]');
		assert.match(await page.textContent('.error'), /wrong or was already used/);
		assert.equal((await context.cookies()).length, 0);
		// the code the app shows next signs in
		await page.fill('#password', PW);
		await page.fill('#totp', totp(secret, Date.now() / 1000 + 30));
		await page.click('form.manage button[type=submit]');
		assert.match(await page.textContent('nav.manage'), /tia/);
		assert.ok(await cookieOf(context));
		await context.close();
	});

	test('create a service with translations and hours, without JavaScript', async () => {
		const { context, page } = await signIn('ana', PW);
		await page.click('text=New service');
		await page.fill('#f-name', 'Night café');
		await page.fill('#f-description', 'Hot soup, a warm room and someone to talk to.');
		await page.fill('#f-eligibility_description', 'Everyone who sells sex is welcome. No ID needed.');
		await page.check('input[name=service_type][value=drop_in_space]');
		await page.check('input[name=access][value=no_id_required]');
		await page.check('input[name=language][value=ro]');
		await page.fill('#f-language-other', 'pcm');
		await page.fill('input[name=opens_MO]', '18:00');
		await page.fill('input[name=closes_MO]', '23:30');
		await page.fill('input[name=opens_FR]', '20:00');
		await page.fill('input[name=closes_FR]', '02:00');
		await page.selectOption('#f-ch-type-0', 'signal');
		await page.fill('#f-ch-value-0', '+41440000077');
		await page.fill('#f-ch-langs-0', 'de ro');
		await page.check('input[name=ch_safe][value="0"]');
		await page.click('details.translation summary');
		await page.fill('#f-tr-0-name', 'Cafenea de noapte');
		await page.fill('input[name=tr_lang]', 'ro');
		await page.fill('#f-tr-0-description', 'Supă caldă, o cameră caldă și cineva cu care să vorbești.');
		await shot(page, 'service-new');
		await page.click('form.manage > p > button[type=submit]');
		assert.match(page.url(), /\/manage\/services\/[0-9a-f-]{36}\?saved=1/);
		assert.match(await page.textContent('.saved'), /Saved/);
		const id = page.url().match(/services\/([0-9a-f-]{36})/)[1];
		const s = await daemon.get(`/services/${id}`);
		assert.equal(s.name, 'Night café');
		assert.equal(s.organization_id, orgA);
		assert.equal(s.translations.ro.name, 'Cafenea de noapte');
		assert.deepEqual(s.languages.map((l) => l.code).sort(), ['pcm', 'ro']);
		const mo = s.schedules.find((x) => x.byday === 'MO');
		assert.equal(mo.opens_at.slice(0, 5), '18:00');
		assert.equal(mo.closes_at.slice(0, 5), '23:30');
		assert.ok(s.schedules.find((x) => x.byday === 'FR'));
		assert.deepEqual(s.contact_channels, [{ type: 'signal', value: '+41440000077',
			safe_to_leave_message: true, languages: ['de', 'ro'] }]);
		const codes = s.attributes.map((a) => a.taxonomy_term.code).sort();
		assert.ok(codes.includes('drop_in_space') && codes.includes('no_id_required'), codes.join());
		// the form shows what was saved; the audit trail has the write, by ana
		assert.equal(await page.inputValue('#f-name'), 'Night café');
		const audit = await daemon.get(`/audit?record_id=${id}`, { token: adminToken });
		assert.equal(audit.contents.length, 1);
		assert.equal(audit.contents[0].username, 'ana');
		assert.equal(audit.contents[0].way, 'api', 'the form writes through the API\'s own path');
		await axe(page, 'service form');
		await shot(page, 'service-saved');
		await context.close();
	});

	test('a sentence the eligibility rule refuses: the rule, the phrase and a suggestion beside the field; nothing typed is lost', async () => {
		const { context, page } = await signIn('ana', PW);
		await page.click('text=New service');
		await page.fill('#f-name', 'Counselling');
		await page.fill('#f-description', 'You must show a police report to get help.');
		await page.fill('#f-fees_description', 'Free.');
		await page.check('input[name=service_type][value=social_counselling]');
		await page.fill('input[name=opens_TU]', '10:00');
		await page.fill('input[name=closes_TU]', '16:00');
		await page.click('details.translation summary');
		await page.fill('input[name=tr_lang]', 'de');
		await page.fill('#f-tr-0-name', 'Beratung');
		await page.click('form.manage > p > button[type=submit]');
		const errors = await page.textContent('#err-f-description');
		assert.match(errors, /Help must not depend on a police report/);
		assert.match(errors, /must show a police report/);
		assert.match(errors, /No police report needed/);
		// the summary above the form names the field by its pointer, the rule's words stay by the field
		const summary = await page.textContent('.error ul.summary');
		assert.match(summary, /^\/description: /);
		assert.ok(!/No police report needed/.test(summary), 'no suggestion in the summary');
		assert.equal(await page.getAttribute('#f-description', 'aria-invalid'), 'true');
		assert.equal(await page.inputValue('#f-name'), 'Counselling');
		assert.equal(await page.inputValue('#f-description'), 'You must show a police report to get help.');
		assert.equal(await page.inputValue('#f-fees_description'), 'Free.');
		assert.ok(await page.isChecked('input[name=service_type][value=social_counselling]'));
		assert.equal(await page.inputValue('input[name=opens_TU]'), '10:00');
		assert.equal(await page.inputValue('input[name=tr_name]'), 'Beratung');
		const list = await daemon.get(`/services?organization_id=${orgA}&per_page=50`);
		assert.ok(!list.contents.some((s) => s.name === 'Counselling'), 'nothing was stored');
		await axe(page, 'refused form');
		await shot(page, 'service-refused');
		// the suggested wording is accepted
		await page.fill('#f-description', 'Counselling on housing and money. No police report needed.');
		await page.click('form.manage > p > button[type=submit]');
		assert.match(page.url(), /saved=1/);
		await context.close();
	});

	test('"still accurate" sets the assured date', async () => {
		const { context, page } = await signIn('ana', PW);
		const id = (await daemon.get(`/services?organization_id=${orgA}&per_page=50`)).contents
			.find((s) => s.name === 'Night café').id;
		await psqlSet(`UPDATE service SET assured_date = '2020-01-01' WHERE id = '${id}'`);
		// past unconfirmed_notice days the public pages say so
		const pub = await raw(`/search/${id}`);
		assert.match(pub.text, /Not confirmed since 2020-01-01/);
		const list = await raw('/search?q=Night');
		assert.equal(list.status, 200);
		// the node admin's list of whom to call, without an SMTP relay
		const unconfirmed = (await directorydOk(conninfo, ['listings', '--unconfirmed'])).stdout
			.trim().split('\n').map((l) => JSON.parse(l));
		const night = unconfirmed.find((x) => x.id === id);
		assert.equal(night.assured_date, '2020-01-01');
		assert.equal(night.organization_id, orgA);
		assert.equal(night.contact_channels[0].value, '+41440000077');
		await page.goto(`${daemon.base}/manage`);
		const row = page.locator('tr', { hasText: 'Night café' });
		assert.match(await row.getAttribute('class'), /unconfirmed/, 'flagged on the dashboard');
		await row.locator('button').click();
		const today = new Date().toISOString().slice(0, 10);
		assert.equal((await daemon.get(`/services/${id}`)).assured_date, today);
		assert.doesNotMatch((await raw(`/search/${id}`)).text, /Not confirmed since/);
		const still = (await directorydOk(conninfo, ['listings', '--unconfirmed'])).stdout;
		assert.ok(!still.includes(id), 'confirmed: no longer listed');
		await context.close();
	});

	test('close a service temporarily: shown in search and on its page, refused in the past, open again by itself', async () => {
		const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
		const { context, page } = await signIn('ana', PW);
		await page.click('table.listings >> text=Night café');
		const id = page.url().match(/services\/([0-9a-f-]{36})/)[1];
		// a closure that ended yesterday is refused beside the field, and nothing typed is lost
		await page.check('input[name=status][value="temporarily closed"]');
		await page.fill('#f-closed_until', day(-1));
		await page.fill('#f-alert', 'Closed for repairs: come to the day centre instead.');
		await page.click('form.manage > p > button[type=submit]');
		assert.match(await page.textContent('#err-f-closed_until'), /in the past/);
		assert.equal(await page.getAttribute('#f-closed_until', 'aria-invalid'), 'true');
		assert.equal(await page.inputValue('#f-alert'), 'Closed for repairs: come to the day centre instead.');
		assert.ok(await page.isChecked('input[name=status][value="temporarily closed"]'));
		assert.equal((await daemon.get(`/services/${id}`)).status, 'active', 'nothing stored');
		await axe(page, 'closure refused');
		// until tomorrow: stored, and said in search and on the service page
		await page.fill('#f-closed_until', day(1));
		await page.click('form.manage > p > button[type=submit]');
		assert.match(page.url(), /saved=1/);
		await shot(page, 'closed');
		const s = await daemon.get(`/services/${id}`);
		assert.equal(s.status, 'temporarily closed');
		assert.equal(s.closed_until, day(1));
		assert.equal(s.alert, 'Closed for repairs: come to the day centre instead.');
		assertValid('service.json', s, 'a temporarily closed service'); // HSDS 3.0 and our profile
		const pub = await newPage();
		await pub.page.goto(`${daemon.base}/search?q=${encodeURIComponent('Night café')}`);
		const result = pub.page.locator('li.result', { hasText: 'Night café' });
		assert.match(await result.textContent(), new RegExp(`Temporarily closed until ${day(1)}`));
		assert.doesNotMatch(await result.textContent(), /Open now/);
		await shot(pub.page, 'closed-search');
		await pub.page.goto(`${daemon.base}/search/${id}`);
		assert.match(await pub.page.textContent('.closed-notice'), new RegExp(`Temporarily closed until ${day(1)}`));
		assert.match(await pub.page.textContent('.alert-notice'), /Closed for repairs/);
		await axe(pub.page, 'closed service page');
		await shot(pub.page, 'closed-service');
		// the closure's last day passes (the database is moved, as the API refuses a past day):
		// the housekeeping thread (maintenance_interval = 1) opens the service again, audited
		await psqlSet(`UPDATE service SET closed_until = '${day(-1)}' WHERE id = '${id}'`);
		let now;
		for (let i = 0; i < 600; i++) {
			now = await daemon.get(`/services/${id}`);
			if (now.status === 'active') break;
			await new Promise((r) => setTimeout(r, 100));
		}
		assert.equal(now.status, 'active', 'open again by itself');
		assert.equal(now.closed_until, undefined);
		assert.equal(now.alert, undefined);
		const audit = await daemon.get(`/audit?record_id=${id}`, { token: adminToken });
		assert.equal(audit.contents[0].way, 'housekeeping');
		assert.doesNotMatch((await raw(`/search/${id}`)).text, /Temporarily closed/);
		// a closed_until without the status "temporarily closed" is refused by the API
		const r = await daemon.request(`/services/${id}`, { method: 'PUT', token: adminToken,
			body: { organization_id: orgA, name: 'Night café', status: 'active', closed_until: day(3) } });
		assert.equal(r.status, 400, r.text);
		assert.equal(r.json.error.field, '/closed_until');
		await pub.context.close();
		await context.close();
	});

	test('a form without the CSRF token, or with a wrong one, changes nothing', async () => {
		const { context, page } = await signIn('ana', PW);
		const cookie = await cookieOf(context);
		const id = (await daemon.get(`/services?organization_id=${orgA}&per_page=50`)).contents
			.find((s) => s.name === 'Night café').id;
		const before = await daemon.get(`/services/${id}`);
		for (const csrf of [null, 'f'.repeat(64), '']) {
			const form = { name: 'Hijacked', description: 'x' };
			if (csrf !== null) form.csrf = csrf;
			const r = await raw(`/manage/services/${id}`, { method: 'POST', cookie: cookie.value, form });
			assert.equal(r.status, 403, `csrf ${csrf}`);
			assert.match(r.text, /expired/);
		}
		const now = await daemon.get(`/services/${id}`);
		assert.equal(now.name, before.name);
		// the token of one session does not work in another
		const token = await page.getAttribute('nav.manage input[name=csrf]', 'value');
		const other = await signIn('ana', PW);
		const otherCookie = await cookieOf(other.context);
		const r = await raw(`/manage/services/${id}/confirm`, { method: 'POST', cookie: otherCookie.value,
			form: { csrf: token } });
		assert.equal(r.status, 403);
		await other.context.close();
		await context.close();
	});

	test('a place with a secret address: the form keeps it, the public API never shows it', async () => {
		const { context, page } = await signIn('ana', PW);
		await page.click('text=Add a place');
		await page.fill('#f-name', 'Safe house');
		await page.fill('#f-address_1', 'Geheimweg 3');
		await page.fill('#f-postal_code', '10999');
		await page.fill('#f-city', 'Berlin');
		await page.fill('#f-country', 'DE');
		await page.check('input[name=confidential]');
		assert.match(await page.textContent('#confidential-help'), /never shown/);
		await page.fill('#f-timezone_name', 'Europe/Berlin');
		await page.fill('input[name=opens_WE]', '09:00');
		await page.fill('input[name=closes_WE]', '12:00');
		await axe(page, 'place form');
		await shot(page, 'place');
		await page.click('form.manage > p > button[type=submit]');
		assert.match(page.url(), /\/manage\/locations\/[0-9a-f-]{36}\?saved=1/);
		const id = page.url().match(/locations\/([0-9a-f-]{36})/)[1];
		assert.equal(await page.inputValue('#f-address_1'), 'Geheimweg 3', 'the owner sees the address');
		assert.ok(await page.isChecked('input[name=confidential]'));
		const pub = await daemon.get(`/locations/${id}`);
		assert.equal(pub.confidential, true);
		assert.equal(pub.addresses[0].address_1, '');
		assert.equal(pub.addresses[0].city, 'Berlin');
		assert.equal(pub.schedules.find((x) => x.byday === 'WE').opens_at.slice(0, 5), '09:00');
		// saving the form again keeps the secret address stored
		await page.click('form.manage > p > button[type=submit]');
		assert.match(page.url(), /saved=1/);
		const stored = await psql(`SELECT address_1 FROM address WHERE location_id = '${id}'`,
			{ db: conninfo.match(/dbname=(\S+)/)[1] });
		assert.equal(stored, 'Geheimweg 3');
		await context.close();
	});

	test('restore an earlier version from the history (organisation admin)', async () => {
		const code = await invite(orgA, 'org_admin');
		const { context, page } = await newPage();
		await page.goto(`${daemon.base}/manage/invite?code=${encodeURIComponent(code)}`);
		await page.fill('#username', 'omar');
		await page.fill('#password', PW);
		await page.fill('#password2', PW);
		await page.click('form.manage button[type=submit]');
		await page.click('text=Night café');
		await page.fill('#f-name', 'Night café (renamed by mistake)');
		await page.click('form.manage > p > button[type=submit]');
		const id = page.url().match(/services\/([0-9a-f-]{36})/)[1];
		assert.equal((await daemon.get(`/services/${id}`)).name, 'Night café (renamed by mistake)');
		await page.click('.actions >> text=History');
		await axe(page, 'history');
		await shot(page, 'history');
		const newest = page.locator('ol.history > li').first();
		assert.match(await newest.textContent(), /renamed by mistake/);
		assert.match(await newest.textContent(), /omar/);
		await newest.locator('button').click();
		assert.match(await page.textContent('.saved'), /restored/);
		assert.equal((await daemon.get(`/services/${id}`)).name, 'Night café');
		// the restore is itself in the trail, as a revert by omar
		const audit = await daemon.get(`/audit?record_id=${id}`, { token: adminToken });
		assert.equal(audit.contents[0].username, 'omar');
		assert.ok(audit.contents[0].detail?.revert_of, 'audited as a revert');
		await context.close();
		// a registrar sees the history but may not restore
		const reg = await signIn('ana', PW);
		await reg.page.goto(`${daemon.base}/manage/history/service/${id}`);
		assert.equal(await reg.page.locator('ol.history button').count(), 0);
		const entry = audit.contents[0].id;
		const token = await reg.page.getAttribute('nav.manage input[name=csrf]', 'value');
		const r = await raw(`/manage/history/${entry}/restore`, { method: 'POST',
			cookie: (await cookieOf(reg.context)).value, form: { csrf: token } });
		assert.equal(r.status, 403);
		await reg.context.close();
	});

	test('a held listing: not public until reviewed; the coordinator sees coverage and approves it', async () => {
		const { context, page } = await signIn('ana', PW);
		await page.click('text=New service');
		await page.fill('#f-name', 'Evening talks');
		// a Cyrillic "о" inside a Latin word: the rule cannot be sure, a person decides
		await page.fill('#f-description', 'Evening talks about rights and the p\u043elice, in a safe room.');
		await page.click('form.manage > p > button[type=submit]');
		assert.match(await page.textContent('.held'), /not public until a reviewer approves/);
		// who reviews it: this node has no coordinator yet, and the page says so
		assert.match(await page.textContent('.reviewers'), /coordinators, but it has none yet/);
		// what the rule found: the field, the reason and the words
		const findings = await page.textContent('ul.findings');
		assert.match(findings, /description/);
		assert.match(findings, /look-alike letters/);
		assert.match(findings, /p\u043elice/);
		await axe(page, 'held page');
		await shot(page, 'held');
		// a condition the rule cannot clear: the rule in plain words and a suggestion
		await page.goto(`${daemon.base}/manage/services/new`);
		await page.fill('#f-name', 'Legal advice');
		await page.fill('#f-description', 'Support workers will discuss the police report with you at the first meeting.');
		await page.click('form.manage > p > button[type=submit]');
		const rule = await page.textContent('ul.findings');
		assert.match(rule, /The rule: /);
		assert.match(rule, /Words found: .*police report/);
		await shot(page, 'held-rule');
		await page.goto(`${daemon.base}/manage`);
		assert.match(await page.textContent('main'), /Waiting for review[\s\S]*Evening talks/);
		const list = await daemon.get(`/services?organization_id=${orgA}&per_page=50`);
		assert.ok(!list.contents.some((s) => s.name === 'Evening talks'), 'not public while held');
		await context.close();
		const code = await directorydOk(conninfo, ['invite', 'create', '--role', 'coordinator']);
		const invitation = code.stdout.trim().split(/\s+/).find((w) => w.startsWith('div_'));
		const c = await newPage();
		await c.page.goto(`${daemon.base}/manage/invite?code=${encodeURIComponent(invitation)}`);
		await c.page.fill('#username', 'pia');
		await c.page.fill('#password', PW);
		await c.page.fill('#password2', PW);
		await c.page.click('form.manage button[type=submit]');
		await c.page.click('nav.manage >> text=Overview');
		const main = await c.page.textContent('main');
		assert.match(main, /Berlin/, 'coverage lists the sample cities');
		assert.match(main, /none/, 'and where nothing is offered');
		assert.equal(await c.page.locator('svg.chart rect').count() > 0, true, 'a chart drawn on the server');
		assert.equal(await c.page.locator('script').count(), 0);
		await axe(c.page, 'overview');
		await shot(c.page, 'overview');
		const hold = c.page.locator('ul.queue > li', { hasText: 'Evening talks' });
		await hold.locator('button', { hasText: 'Approve' }).click();
		const after = await daemon.get(`/services?organization_id=${orgA}&per_page=50`);
		const approved = after.contents.find((s) => s.name === 'Evening talks');
		assert.ok(approved, 'public once approved');
		const audit = await daemon.get(`/audit?record_id=${approved.id}`, { token: adminToken });
		assert.equal(audit.contents[0].way, 'review');
		assert.equal(audit.contents[0].username, 'pia');
		// a coordinator reads every organisation's listings but is shown no button it may not press
		await c.page.goto(`${daemon.base}/manage`);
		assert.match(await c.page.textContent('table.listings'), /Night café/);
		assert.equal(await c.page.locator('button', { hasText: 'Still accurate' }).count(), 0);
		assert.equal(await c.page.locator('a', { hasText: 'New service' }).count(), 0);
		assert.equal(await c.page.locator('a[href^="/manage/services/"], a[href^="/manage/locations/"]').count(), 0,
			'no link to a form the coordinator may not open');
		await c.page.locator('table.listings a', { hasText: 'Night café' }).click();
		assert.match(c.page.url(), /\/search\/[0-9a-f-]{36}/, 'the public page instead');
		await c.page.goto(`${daemon.base}/manage`);
		await axe(c.page, 'coordinator\'s dashboard');
		await shot(c.page, 'coordinator-dashboard');
		// a registrar has no overview
		const reg = await signIn('ana', PW);
		const r = await reg.page.goto(`${daemon.base}/manage/overview`);
		assert.equal(r.status(), 403);
		await reg.context.close();
		await c.context.close();
	});

	test('the dashboard\'s table fits 360 px in Ukrainian, the longest headers: nothing clipped, no sideways scroll', async () => {
		const { context, page } = await signIn('ana', PW);
		await page.setViewportSize({ width: 360, height: 800 });
		await page.goto(`${daemon.base}/manage?lang=uk`);
		assert.equal(await page.getAttribute('html', 'lang'), 'uk');
		const heads = await page.$$eval('table.listings th[scope=col]', (ths) => ths.map((th) => th.textContent));
		assert.ok(heads.includes('Підтвердити'), `the Confirm column in Ukrainian: ${heads}`);
		assert.ok(await page.$$eval('table.listings tbody tr', (r) => r.length) > 0, 'the table has services');
		// the status in words of the page's language, as the service form names it, never the raw HSDS value
		const statuses = await page.$$eval('table.listings tbody tr td:nth-child(2)', (tds) => tds.map((td) => td.textContent.trim()));
		assert.ok(statuses.includes('Відчинено'), `an active service's status in Ukrainian: ${statuses}`);
		assert.ok(!statuses.some((s) => /active|closed/.test(s)), `no raw HSDS status: ${statuses}`);
		await shot(page, 'dashboard-uk-360');
		const fit = await page.evaluate(() => {
			const bad = [];
			const region = document.querySelector('table.listings').closest('.scroll');
			const edge = region.getBoundingClientRect().right;
			if (region.scrollWidth > region.clientWidth) bad.push(`the table scrolls: ${region.scrollWidth} > ${region.clientWidth}`);
			// a header row hidden for the eye (the stacked layout) is read by screen readers only
			const thead = document.querySelector('table.listings thead').getBoundingClientRect();
			const cells = thead.width > 1 ? 'table.listings th, table.listings td' : 'table.listings td';
			for (const cell of document.querySelectorAll(cells)) {
				if (cell.scrollWidth > cell.clientWidth) bad.push(`clipped: ${cell.textContent.trim().slice(0, 40)}`);
				for (const el of [cell, ...cell.querySelectorAll('*')]) {
					if (el.getBoundingClientRect().right > edge + 0.5)
						bad.push(`past the edge: ${el.tagName} ${el.textContent.trim().slice(0, 40)}`);
				}
			}
			if (document.documentElement.scrollWidth > 360) bad.push(`the page is ${document.documentElement.scrollWidth} px wide`);
			return bad;
		});
		assert.deepEqual(fit, []);
		// each value's column is named where the person reads it: the header row or the cell's label
		const shown = await page.$eval('table.listings', (t) => {
			if (t.querySelector('thead').getBoundingClientRect().width > 1) return 'headers';
			const row = t.querySelector('tbody tr');
			return [...row.querySelectorAll('td')].map((td) => getComputedStyle(td, '::before').content);
		});
		if (shown !== 'headers') assert.deepEqual(shown, ['none', '"Стан: "', '"Востаннє підтверджено: "', 'none']);
		await context.close();
	});

	test('a registrar of another organisation is refused', async () => {
		const { context, page } = await signIn('ana', PW);
		const resp = await page.goto(`${daemon.base}/manage/services/${otherService}`);
		assert.equal(resp.status(), 403);
		const token = await page.getAttribute('nav.manage input[name=csrf]', 'value');
		const cookie = await cookieOf(context);
		for (const path of [`/manage/services/${otherService}`, `/manage/services/${otherService}/confirm`]) {
			const r = await raw(path, { method: 'POST', cookie: cookie.value,
				form: { csrf: token, name: 'Taken over', description: 'x' } });
			assert.equal(r.status, 403, path);
		}
		const b = await daemon.get(`/services/${otherService}`);
		assert.equal(b.name, 'B\'s drop-in');
		assert.equal(b.assured_date, undefined);
		await context.close();
	});
});

/** RFC 4648 base32 (no padding) to bytes. */
function base32Decode(text) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = 0, value = 0;
	const out = [];
	for (const ch of text.replace(/=+$/, '')) {
		value = (value << 5) | alphabet.indexOf(ch);
		bits += 5;
		if (bits >= 8) {
			out.push((value >>> (bits - 8)) & 0xff);
			bits -= 8;
		}
	}
	return Buffer.from(out);
}

/** RFC 6238 TOTP, HMAC-SHA1, 30 s steps, 6 digits (as tests/integration/totp.test.mjs). */
function totp(secret, unixSeconds) {
	const counter = Buffer.alloc(8);
	counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
	const mac = createHmac('sha1', secret).update(counter).digest();
	const offset = mac[mac.length - 1] & 0x0f;
	return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1e6).padStart(6, '0');
}

async function psqlSet(sql) {
	await psql(sql, { db: conninfo.match(/dbname=(\S+)/)[1] });
}

/** A request that does not follow redirects, with a form body. */
async function raw(path, { method = 'GET', cookie, form } = {}) {
	const headers = {};
	if (cookie) headers.Cookie = `dse=${cookie}`;
	if (form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
	const r = await fetch(daemon.base + path, { method, headers, redirect: 'manual',
		body: form ? new URLSearchParams(form).toString() : undefined });
	return { status: r.status, headers: r.headers, text: await r.text() };
}
