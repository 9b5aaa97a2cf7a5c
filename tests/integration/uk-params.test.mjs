// The Open Referral UK profile's list parameters (issue 13, section 3):
// minimum_age, maximum_age, day, start_time and end_time on /services and
// /service_at_locations, as the UK profile's openapi.json defines them
// (docs/api.md, "Open Referral UK parameters"). Checked against real data:
// the sample directory (schedules on services), ILAO's HSDS 1.0 records
// (schedules on locations only) and the UK profile's example service
// (ages 12 to 100, a schedule on Thursdays and Fridays 10:00-18:00, valid
// on 2005-01-01 only), and services written here: one with two places
// open on different days, and Sunday hours expired or still valid. Each
// answer is compared with what the full records the node serves say, so
// a filter that matched too much or too little fails; bad values get 400.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { randomUUID } from 'node:crypto';

import {
	missingEnv, sharedDir, setupNode, importHsds, allPages, createOrg, createToken,
} from './lib/harness.mjs';
import { smallService } from './lib/fixtures.mjs';

const skip = missingEnv();
const shared = skip ? null : sharedDir('the UK parameter tests on ../shared/data');
const UK_SERVICE = 'ac148810-d857-441c-9679-408f346de14b';

/** HH:MM or HH:MM:SS as HH:MM:SS. */
const clock = (t) => (t.length === 5 ? `${t}:00` : t);

/** Every schedule of a full service: its own, its service_at_locations', their locations'. */
function schedulesOf(s) {
	return [...(s.schedules || []),
		...(s.service_at_locations || []).flatMap((x) => [...(x.schedules || []),
			...((x.location && x.location.schedules) || [])])];
}

/** Today as YYYY-MM-DD (the node runs in UTC). */
const today = () => new Date().toISOString().slice(0, 10);

/** Does schedule sc fit day (MO..SU), start and end (docs/api.md)? Only
 * a schedule in force today (valid_from, valid_to) fits. */
function fits(sc, { day, start_time: start, end_time: end }) {
	if ((sc.valid_from && sc.valid_from > today()) || (sc.valid_to && sc.valid_to < today())) return false;
	if (day) {
		const byday = (sc.byday || '').trim();
		if (byday === '' ? !sc.opens_at
			: !byday.toUpperCase().split(',').some((d) => d.trim().replace(/^[+-]?\d*/, '') === day)) return false;
	}
	if (start && !(sc.opens_at && clock(sc.opens_at) >= clock(start))) return false;
	if (end && !(sc.closes_at && clock(sc.closes_at) <= clock(end))) return false;
	return true;
}

/** What the UK profile's definitions select among the full services. */
function expected(services, f) {
	return services.filter((s) => {
		if (f.minimum_age !== undefined && !(s.minimum_age !== undefined && s.minimum_age >= f.minimum_age)) return false;
		if (f.maximum_age !== undefined && !(s.maximum_age !== undefined && s.maximum_age <= f.maximum_age)) return false;
		if ((f.day || f.start_time || f.end_time) && !schedulesOf(s).some((sc) => fits(sc, f))) return false;
		return true;
	}).map((s) => s.id).sort();
}

/** The ids of the service_at_locations the UK definitions select: one
 * fits when a schedule of its own, of its location or of its service does. */
function expectedSals(services, f) {
	return services.flatMap((s) => (s.service_at_locations || []).filter((x) => {
		if (f.minimum_age !== undefined && !(s.minimum_age !== undefined && s.minimum_age >= f.minimum_age)) return false;
		if (f.maximum_age !== undefined && !(s.maximum_age !== undefined && s.maximum_age <= f.maximum_age)) return false;
		return [...(s.schedules || []), ...(x.schedules || []), ...((x.location && x.location.schedules) || [])]
			.some((sc) => fits(sc, f));
	}).map((x) => x.id)).sort();
}

const hours = (byday, over = {}) => [{ id: randomUUID(), freq: 'WEEKLY', byday, opens_at: '09:00', closes_at: '17:00', ...over }];

/** A service with two places: A open on Mondays (on the service_at_location),
 * B on Tuesdays (on the location); a service whose Sunday hours expired, and
 * one whose Sunday hours run until 2999. */
function written(org) {
	const place = (name, over) => ({ id: randomUUID(), location: { id: randomUUID(), name, location_type: 'physical' }, ...over });
	const a = place('UK params place A');
	a.schedules = hours('MO');
	const b = place('UK params place B');
	b.location.schedules = hours('TU');
	return {
		two: smallService(org, { name: 'UK params two places', service_at_locations: [a, b] }),
		a: a.id,
		b: b.id,
		expired: smallService(org, { name: 'UK params expired Sundays',
			schedules: hours('SU', { valid_from: '2019-01-01', valid_to: '2020-12-31' }) }),
		current: smallService(org, { name: 'UK params current Sundays',
			schedules: hours('SU', { valid_from: '2020-01-01', valid_to: '2999-12-31' }) }),
	};
}

describe('Open Referral UK parameters', { skip: skip || (!shared && 'needs ../shared') || false }, () => {
	let d, all, w;

	before(async () => {
		const node = await setupNode(import.meta.url, { sample: true });
		d = node.daemon;
		for (const path of [join(shared, 'data', 'ilao-hsds-1.0'),
			join(shared, 'data', 'uk-profile', 'examples', 'service_full.json')]) {
			const r = await importHsds(node.conninfo, path);
			assert.equal(r.code, 0, `${path}: ${r.stderr}`);
		}
		const org = await createOrg(node.conninfo, 'UK params org');
		const token = await createToken(node.conninfo, { organization: org });
		w = written(org);
		for (const doc of [w.two, w.expired, w.current]) {
			const r = await d.request('/services', { method: 'POST', body: doc, token });
			assert.equal(r.status, 201, r.text);
		}
		all = await allPages(d, '/services?full=true');
		assert.ok(all.length > 400, `${all.length} services`);
		// without these parameters nothing is filtered: services without any
		// schedule or age are listed too
		assert.ok(all.some((s) => schedulesOf(s).length === 0 && s.minimum_age === undefined));
	});

	after(async () => {
		if (d) await d.stopClean();
	});

	const cases = [
		{ minimum_age: 12 }, { minimum_age: 14 }, { minimum_age: 0 }, { maximum_age: 100 }, { maximum_age: 99 },
		{ minimum_age: 10, maximum_age: 100 },
		{ day: 'TH' }, { day: 'SU' }, { day: 'friday' }, { day: 'Sat' },
		{ start_time: '10:00' }, { start_time: '10:00:01' }, { end_time: '18:00:00' }, { end_time: '17:59' },
		{ day: 'MO', start_time: '09:00', end_time: '17:00' }, { day: 'TH', start_time: '10:00', end_time: '18:00' },
		{ day: 'WE', start_time: '12:00' }, { minimum_age: 12, day: 'FR' }, { minimum_age: 12, day: 'MO' },
	];
	const norm = (f) => ({ ...f, day: f.day && { friday: 'FR', sat: 'SA' }[f.day.toLowerCase()] || f.day });

	for (const f of cases) {
		const qs = new URLSearchParams(f).toString();
		it(`/services?${qs} gives the services the UK definitions select`, async () => {
			const want = expected(all, norm(f));
			const got = (await allPages(d, `/services?${qs}`)).map((s) => s.id).sort();
			assert.deepEqual(got, want);
			assert.ok(want.length < all.length, 'the filter leaves services out');
		});
	}

	it('each filter finds something in this data, and the UK example where it should', async () => {
		for (const f of [{ minimum_age: 12 }, { maximum_age: 100 }, { day: 'SU' }, { start_time: '10:00' },
			{ end_time: '17:00' }, { day: 'MO', start_time: '09:00', end_time: '17:00' }]) {
			assert.ok(expected(all, f).length > 0, JSON.stringify(f));
		}
		const ids = async (qs) => (await allPages(d, `/services?${qs}`)).map((s) => s.id);
		assert.ok((await ids('minimum_age=12&maximum_age=100')).includes(UK_SERVICE));
		// its schedule was valid on 2005-01-01 only (valid_from, valid_to), so
		// it fits no day today, as open_now never finds it open
		assert.ok(!(await ids('minimum_age=12&maximum_age=100&day=TH&start_time=10:00&end_time=18:00')).includes(UK_SERVICE),
			'its hours expired in 2005');
		assert.ok(!(await ids('minimum_age=13')).includes(UK_SERVICE), 'its minimum_age 12 is below 13');
		assert.ok(!(await ids('day=MO')).includes(UK_SERVICE), 'it is open on Thursdays and Fridays');
		assert.ok(!(await ids('day=TH&end_time=17:00')).includes(UK_SERVICE), 'it closes at 18:00');
		// ILAO's hours are on its locations: a service is found through them
		const ilaoSunday = expected(all, { day: 'SU' }).filter((id) => !all.find((s) => s.id === id).schedules?.length);
		assert.ok(ilaoSunday.length > 0, 'services found by the schedules of their locations');
	});

	it('/service_at_locations gives the places open then: their own, their location\'s or their service\'s hours', async () => {
		for (const f of [{ day: 'SU', start_time: '10:00' }, { day: 'SU' }, { day: 'MO' }, { day: 'TU' },
			{ start_time: '09:00', end_time: '17:00' }, { minimum_age: 12, day: 'FR' }]) {
			const qs = new URLSearchParams(f).toString();
			const want = expectedSals(all, f);
			const got = (await allPages(d, `/service_at_locations?${qs}`)).map((x) => x.id).sort();
			assert.ok(want.length > 0, qs);
			assert.deepEqual(got, want, qs);
		}
		// before the fix, day=TU listed place A (Mondays only) too, because
		// its service has place B open on Tuesdays
		const ids = async (qs) => (await allPages(d, `/service_at_locations?${qs}`)).map((x) => x.id);
		const tu = await ids('day=TU');
		assert.ok(tu.includes(w.b) && !tu.includes(w.a), 'Tuesday: place B only');
		const mo = await ids('day=MO');
		assert.ok(mo.includes(w.a) && !mo.includes(w.b), 'Monday: place A only');
		assert.ok(!(await ids('day=WE')).some((id) => id === w.a || id === w.b), 'Wednesday: neither');
		const services = (await allPages(d, '/services?day=TU')).map((s) => s.id);
		assert.ok(services.includes(w.two.id), '/services lists the service, open somewhere on Tuesdays');
	});

	it('a schedule not in force today (valid_from, valid_to) fits no day', async () => {
		const sunday = (await allPages(d, '/services?day=SU')).map((s) => s.id);
		assert.ok(!sunday.includes(w.expired.id), 'hours that ended in 2020');
		assert.ok(sunday.includes(w.current.id), 'hours valid until 2999');
		const start = (await allPages(d, '/services?start_time=09:00')).map((s) => s.id);
		assert.ok(!start.includes(w.expired.id) && start.includes(w.current.id), 'start_time alone too');
	});

	it('bad values are refused before near= or proximity= looks the place up', async () => {
		for (const qs of ['near=Nowhereville-on-Nothing&day=XX', 'near=Nowhereville-on-Nothing&minimum_age=abc',
			'near=Nowhereville-on-Nothing&end_time=25:00', 'postcode=ZZ9%209ZZ&proximity=1000&day=XX']) {
			for (const path of qs.startsWith('postcode') ? ['/service_at_locations'] : ['/services', '/service_at_locations']) {
				const r = await d.request(`${path}?${qs}`);
				assert.equal(r.status, 400, `${path}?${qs}: ${r.status} ${r.text.slice(0, 200)}`);
				assert.equal(r.json.error.code, 'invalid_parameter', qs);
				assert.match(r.json.error.message, /day|minimum_age|end_time/, qs);
			}
		}
		const ok = await d.request('/services?near=Nowhereville-on-Nothing&day=MO');
		assert.equal(ok.status, 200, 'a good value with an unknown place: the empty page');
		assert.deepEqual(ok.json.contents, []);
	});

	it('a bad value gets 400 invalid_parameter naming the parameter and what it must be', async () => {
		for (const [qs, re] of [
			['minimum_age=abc', /minimum_age must be a number of years/], ['minimum_age=-1', /minimum_age/],
			['minimum_age=', /minimum_age/], ['maximum_age=201', /maximum_age must be a number of years from 0 to 200/],
			['maximum_age=1e999', /maximum_age/], ['maximum_age=NaN', /maximum_age/],
			['day=Funday', /day must be a weekday/], ['day=1', /day must be a weekday/], ['day=', /day/],
			['start_time=25:00', /start_time must be a time of day/], ['start_time=9am', /start_time/],
			['start_time=10:00Z', /start_time/], ['end_time=10:60', /end_time must be a time of day/],
			['end_time=10', /end_time/],
		]) {
			for (const path of ['/services', '/service_at_locations']) {
				const r = await d.request(`${path}?${qs}`);
				assert.equal(r.status, 400, `${path}?${qs}: ${r.status} ${r.text.slice(0, 200)}`);
				assert.equal(r.json.error.code, 'invalid_parameter', qs);
				assert.match(r.json.error.message, re, qs);
			}
		}
		for (const path of ['/organizations?day=MO', '/taxonomies?minimum_age=3', '/taxonomy_terms?end_time=10:00']) {
			const r = await d.request(path);
			assert.equal(r.status, 400, path);
			assert.match(r.json.error.message, /applies to \/services and \/service_at_locations only/, path);
		}
		const dup = await d.request('/services?day=MO&day=TU');
		assert.equal(dup.status, 400);
		assert.equal(dup.json.error.code, 'duplicate_parameter');
	});

	it('the root says the node serves them', async () => {
		const root = await d.get('/');
		const uk = root.profiles.find((p) => p.name === 'Open Referral UK');
		assert.match(uk.serves, /minimum_age, maximum_age, day, start_time and end_time/);
	});
});
