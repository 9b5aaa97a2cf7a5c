#!/usr/bin/env node
// gen.mjs - a synthetic HSDS 3.0 directory for the search benchmark.
//
//   node bench/search/gen.mjs OUTDIR [--services N] [--seed S] [--queries Q]
//
// Writes OUTDIR/organizations.json (one array), OUTDIR/services_NNNN.json
// (arrays of about 1000 full HSDS 3.0 services, the shape of
// data/sample/services.json; an organisation's services, and so the
// locations they share, are always in one file, so files can be imported
// in parallel) and OUTDIR/queries.tsv: city, language, category and access
// of Q outreach queries, each taken from a service of the directory so that
// it finds at least that service.
//
// The directory: 30 countries, 500 cities (a few real ones per country, the
// rest invented, with accents), city sizes following a Zipf-like law, 30
// languages, categories and access attributes from data/taxonomies/*.json,
// schedules read in the location's timezone_name, 5% confidential locations
// (half of them with a public_point), and 4% online-only services with
// service_areas. Everything is invented and deterministic for a seed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

const args = process.argv.slice(2);
const opt = (name, def) => {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : def;
};
const outDir = args.find((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1].startsWith('--')));
if (!outDir) {
	console.error('usage: gen.mjs OUTDIR [--services N] [--seed S] [--queries Q]');
	process.exit(2);
}
const N_SERVICES = Number(opt('--services', 100000));
const SEED = Number(opt('--seed', 20261129));
const N_QUERIES = Number(opt('--queries', 100));
const CHUNK = 1000;

// ---- deterministic randomness ---------------------------------------------
let state = SEED >>> 0;
function rnd() { // mulberry32
	state = (state + 0x6d2b79f5) >>> 0;
	let t = state;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = (a) => a[Math.floor(rnd() * a.length)];
const chance = (p) => rnd() < p;
function sample(a, k) {
	const c = a.slice();
	for (let i = c.length - 1; i > 0; i--) {
		const j = Math.floor(rnd() * (i + 1));
		[c[i], c[j]] = [c[j], c[i]];
	}
	return c.slice(0, Math.min(k, c.length));
}
function weighted(items, weights) {
	let total = 0;
	for (const w of weights) total += w;
	let r = rnd() * total;
	for (let i = 0; i < items.length; i++) {
		r -= weights[i];
		if (r < 0) return items[i];
	}
	return items[items.length - 1];
}
function uuid() {
	const h = [];
	for (let i = 0; i < 4; i++)
		h.push(Math.floor(rnd() * 4294967296).toString(16).padStart(8, '0'));
	const s = h.join('');
	return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-` +
		`${'89ab'[parseInt(s[16], 16) & 3]}${s.slice(17, 20)}-${s.slice(20, 32)}`;
}
// What dir_fold() does to the names used here: lower case, no accents.
const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
	.replace(/ł/g, 'l').replace(/Ł/g, 'L').replace(/ø/g, 'o').replace(/Ø/g, 'O')
	.replace(/æ/g, 'ae').replace(/ß/g, 'ss').replace(/đ/g, 'd').replace(/ı/g, 'i')
	.toLowerCase();

// ---- vocabularies -----------------------------------------------------------
const tax = (f) => JSON.parse(fs.readFileSync(path.join(root, 'data/taxonomies', f), 'utf8'));
const serviceTypes = tax('service_type.json').terms;
const accessTerms = tax('access.json').terms.filter((t) => t.code !== 'sex_worker_led');
const term = Object.fromEntries([...serviceTypes, ...accessTerms].map((t) => [t.code, t]));
// How often a service offers each access attribute.
const accessP = {
	free: 0.55, low_cost: 0.15, anonymous: 0.35, no_id_required: 0.4,
	no_health_insurance_required: 0.25, all_residence_statuses: 0.3,
	no_registration_required: 0.3, walk_in: 0.4, by_appointment: 0.3,
	online: 0.06, phone_service: 0.08, interpretation: 0.2, trans_inclusive: 0.3,
	women: 0.2, men: 0.08, non_binary: 0.1, wheelchair_access: 0.15,
	independent_of_authorities: 0.35, data_firewall: 0.25,
};
// Category popularity: outreach work leans on a few types of help.
const categoryW = Object.fromEntries(serviceTypes.map((t) => [t.code, 1]));
Object.assign(categoryW, {
	sti_hiv_testing: 5, harm_reduction_supplies: 4, outreach: 4, peer_support: 3,
	social_counselling: 4, legal_advice: 3, drop_in_space: 3, violence_support: 2,
	migration_residence_counselling: 2, sexual_reproductive_health: 2, prep_pep: 2,
});
const categoryCodes = Object.keys(categoryW);
const categoryWeights = categoryCodes.map((c) => categoryW[c]);

// 30 languages (BCP 47). "rom" (Romani) is there so that "ro" must not find it.
const LANGS = {
	en: 'English', de: 'German', fr: 'French', it: 'Italian', es: 'Spanish',
	pt: 'Portuguese', 'pt-BR': 'Portuguese (Brazil)', ro: 'Romanian', rom: 'Romani',
	bg: 'Bulgarian', hu: 'Hungarian', pl: 'Polish', cs: 'Czech', sk: 'Slovak',
	nl: 'Dutch', ru: 'Russian', uk: 'Ukrainian', th: 'Thai', tl: 'Tagalog',
	zh: 'Chinese', vi: 'Vietnamese', ar: 'Arabic', tr: 'Turkish', sq: 'Albanian',
	sr: 'Serbian', hr: 'Croatian', el: 'Greek', sv: 'Swedish', da: 'Danish',
	'es-419': 'Spanish (Latin America)',
};
// Languages of migrant workers, spoken everywhere, by how often.
const migrantLangs = ['en', 'ro', 'bg', 'hu', 'es', 'pt-BR', 'th', 'ru', 'uk',
	'zh', 'vi', 'tl', 'ar', 'sq', 'rom', 'es-419', 'pl', 'tr'];
const migrantW = [10, 8, 6, 4, 5, 5, 3, 4, 4, 2, 2, 2, 3, 2, 2, 2, 2, 2];

// 30 countries: code, time zone, centre, local languages, real cities.
const COUNTRIES = [
	['CH', 'Europe/Zurich', 46.8, 8.2, ['de', 'fr', 'it'], ['Zürich', 'Genève', 'Basel', 'Bern', 'Lausanne', 'Luzern']],
	['DE', 'Europe/Berlin', 51.2, 10.4, ['de'], ['Berlin', 'Hamburg', 'München', 'Köln', 'Frankfurt am Main', 'Düsseldorf', 'Nürnberg']],
	['AT', 'Europe/Vienna', 47.6, 14.1, ['de'], ['Wien', 'Graz', 'Linz', 'Salzburg']],
	['FR', 'Europe/Paris', 46.6, 2.4, ['fr'], ['Paris', 'Lyon', 'Marseille', 'Toulouse', 'Nantes', 'Montpellier']],
	['BE', 'Europe/Brussels', 50.6, 4.6, ['nl', 'fr'], ['Bruxelles', 'Antwerpen', 'Liège', 'Gent']],
	['NL', 'Europe/Amsterdam', 52.2, 5.3, ['nl'], ['Amsterdam', 'Rotterdam', 'Den Haag', 'Utrecht']],
	['LU', 'Europe/Luxembourg', 49.8, 6.1, ['fr', 'de'], ['Luxembourg', 'Esch-sur-Alzette']],
	['IT', 'Europe/Rome', 42.8, 12.6, ['it'], ['Roma', 'Milano', 'Napoli', 'Torino', 'Bologna']],
	['ES', 'Europe/Madrid', 40.4, -3.7, ['es'], ['Madrid', 'Barcelona', 'València', 'Sevilla', 'Málaga', 'Bilbao']],
	['PT', 'Europe/Lisbon', 39.6, -8.0, ['pt'], ['Lisboa', 'Porto', 'Coimbra']],
	['RO', 'Europe/Bucharest', 45.9, 24.9, ['ro', 'hu'], ['București', 'Cluj-Napoca', 'Timișoara', 'Iași', 'Constanța']],
	['BG', 'Europe/Sofia', 42.7, 25.5, ['bg'], ['Sofia', 'Plovdiv', 'Varna', 'Burgas']],
	['HU', 'Europe/Budapest', 47.2, 19.5, ['hu'], ['Budapest', 'Debrecen', 'Szeged', 'Pécs']],
	['PL', 'Europe/Warsaw', 52.1, 19.4, ['pl'], ['Warszawa', 'Kraków', 'Łódź', 'Wrocław', 'Gdańsk']],
	['CZ', 'Europe/Prague', 49.8, 15.5, ['cs'], ['Praha', 'Brno', 'Ostrava']],
	['SK', 'Europe/Bratislava', 48.7, 19.7, ['sk', 'hu'], ['Bratislava', 'Košice']],
	['SI', 'Europe/Ljubljana', 46.1, 14.9, ['en'], ['Ljubljana', 'Maribor']],
	['HR', 'Europe/Zagreb', 45.1, 15.2, ['hr'], ['Zagreb', 'Split', 'Rijeka']],
	['RS', 'Europe/Belgrade', 44.0, 20.9, ['sr'], ['Beograd', 'Novi Sad', 'Niš']],
	['GR', 'Europe/Athens', 39.1, 21.8, ['el'], ['Athína', 'Thessaloníki', 'Pátra']],
	['DK', 'Europe/Copenhagen', 56.0, 10.0, ['da'], ['København', 'Aarhus', 'Odense']],
	['SE', 'Europe/Stockholm', 60.1, 18.6, ['sv'], ['Stockholm', 'Göteborg', 'Malmö', 'Uppsala']],
	['NO', 'Europe/Oslo', 60.5, 8.5, ['en'], ['Oslo', 'Bergen', 'Trondheim']],
	['FI', 'Europe/Helsinki', 61.9, 25.7, ['en', 'sv'], ['Helsinki', 'Tampere', 'Turku']],
	['IE', 'Europe/Dublin', 53.4, -8.2, ['en'], ['Dublin', 'Cork', 'Galway']],
	['GB', 'Europe/London', 52.4, -1.5, ['en'], ['London', 'Manchester', 'Birmingham', 'Glasgow', 'Leeds']],
	['LT', 'Europe/Vilnius', 55.2, 23.9, ['ru', 'pl'], ['Vilnius', 'Kaunas']],
	['EE', 'Europe/Tallinn', 58.6, 25.0, ['ru'], ['Tallinn', 'Tartu']],
	['LV', 'Europe/Riga', 56.9, 24.6, ['ru'], ['Rīga', 'Daugavpils']],
	['TR', 'Europe/Istanbul', 39.0, 35.2, ['tr'], ['İstanbul', 'Ankara', 'İzmir', 'Antalya']],
];
// Invented city names: syllables and endings with each country's accents.
const SYL = ['bar', 'vel', 'mor', 'tan', 'lin', 'ris', 'kol', 'dor', 'sen', 'mar',
	'gal', 'nor', 'ves', 'pra', 'lub', 'sta', 'ber', 'hal', 'vin', 'tor', 'zel', 'kar'];
const ENDINGS = {
	CH: ['ikon', 'wil', 'ach', 'dorf'], DE: ['hausen', 'burg', 'heim', 'städt'],
	AT: ['dorf', 'brünn', 'au'], FR: ['ville', 'ac', 'y-sur-Mer', 'ière'],
	BE: ['gem', 'ène', 'hout'], NL: ['dam', 'hoven', 'wijk'], LU: ['ange', 'dange'],
	IT: ['ano', 'ello', 'ità'], ES: ['ón', 'ejo', 'ía'], PT: ['ão', 'eira', 'ós'],
	RO: ['ești', 'ița', 'iu'], BG: ['ovo', 'evo', 'ets'], HU: ['háza', 'vár', 'falu'],
	PL: ['ów', 'ice', 'sko'], CZ: ['ín', 'ice', 'ov'], SK: ['ovce', 'any', 'ín'],
	SI: ['ica', 'je'], HR: ['ac', 'ići', 'ovo'], RS: ['ovac', 'ište', 'ica'],
	GR: ['ópoli', 'ía', 'íki'], DK: ['borg', 'købing', 'rup'], SE: ['ö', 'åker', 'köping'],
	NO: ['vik', 'øy', 'stad'], FI: ['lä', 'koski', 'järvi'], IE: ['more', 'town', 'bridge'],
	GB: ['ton', 'ford', 'chester'], LT: ['iai', 'ėnai', 'as'], EE: ['küla', 'pää', 'ste'],
	LV: ['pils', 'ciems', 'āji'], TR: ['köy', 'çay', 'lı'],
};

const countries = COUNTRIES.map(([code, tz, lat, lon, langs, real]) =>
	({ code, tz, lat, lon, langs, real, cities: [] }));
const cities = [];
const taken = new Set();
function addCity(country, name) {
	const f = fold(name);
	if (taken.has(f)) return false;
	taken.add(f);
	const c = {
		name, country, region: `Region ${1 + cities.length % 7}`,
		lat: country.lat + (rnd() - 0.5) * 3, lon: country.lon + (rnd() - 0.5) * 4,
		postal: String(int(1000, 99999)).padStart(5, '0'),
	};
	cities.push(c);
	country.cities.push(c);
	return true;
}
for (const c of countries) for (const n of c.real) addCity(c, n);
while (cities.length < 500) {
	const c = countries[cities.length % countries.length];
	const n = pick(SYL) + (chance(0.5) ? pick(SYL) : '') + pick(ENDINGS[c.code]);
	addCity(c, n[0].toUpperCase() + n.slice(1));
}
// Sizes: the k-th city (real capitals first, in round-robin over the
// countries) weighs 1/k^0.9, so the largest has about 8000 services.
const order = [];
for (let i = 0; order.length < cities.length; i++)
	for (const c of countries) if (i < c.cities.length) order.push(c.cities[i]);
order.forEach((c, k) => { c.weight = 1 / Math.pow(k + 1, 0.9); });
const cityWeights = cities.map((c) => c.weight);

// ---- records ----------------------------------------------------------------
const STREETS = ['Lindenstrasse', 'Rue des Fleurs', 'Via Roma', 'Calle Mayor', 'Strada Florilor',
	'Main Street', 'Kirkegade', 'Hauptplatz', 'Rua Nova', 'ulica Polna', 'Stationsweg', 'Bahnhofplatz'];
const ORG_WORDS = ['Collective', 'Network', 'Project', 'Association', 'Centre', 'Initiative', 'Point', 'House'];
const ORG_NAMES = ['Nightingale', 'Lighthouse', 'Compass', 'Harbour', 'Crossroads', 'Lantern',
	'Bridge', 'Open Door', 'Red Umbrella', 'Swallow', 'Aurora', 'Meridian', 'Tulip', 'Sparrow', 'Delta'];
const DAYS = ['MO,TU,WE,TH,FR', 'MO,WE,FR', 'TU,TH', 'MO,TU,WE,TH,FR,SA,SU', 'SA,SU', 'WE', 'FR,SA'];
const HOURS = [['09:00', '17:00'], ['10:00', '18:00'], ['14:00', '20:00'], ['18:00', '23:00'],
	['22:00', '03:00'], ['00:00', '23:59'], ['08:30', '12:30']];
const PHRASES = {
	sti_hiv_testing: 'tests for HIV, syphilis, chlamydia and hepatitis with results in person',
	prep_pep: 'prescription and follow-up of PrEP, and PEP after a risk',
	harm_reduction_supplies: 'condoms, lubricant and clean equipment to take away',
	outreach: 'a team that visits streets, flats and venues every week',
	peer_support: 'talks with peers who know the work from their own experience',
	social_counselling: 'advice on housing, debts, health insurance and dealing with offices',
	legal_advice: 'a lawyer answers questions on contracts, fines and family matters',
	drop_in_space: 'a quiet room with coffee, a shower and a computer',
};

function langObj(code) {
	return { id: uuid(), name: LANGS[code], code };
}
function attr(code) {
	return { id: uuid(), taxonomy_term_id: term[code].id };
}
function pickLangs(country, k) {
	const out = new Set([pick(country.langs)]);
	while (out.size < k) out.add(weighted(migrantLangs, migrantW));
	return [...out];
}

function makeLocation(org, city) {
	const conf = chance(0.05);
	const lat = +(city.lat + (rnd() - 0.5) * 0.1).toFixed(5);
	const lon = +(city.lon + (rnd() - 0.5) * 0.1).toFixed(5);
	const [opens, closes] = pick(HOURS);
	const langs = pickLangs(city.country, int(2, 5));
	const loc = {
		id: uuid(),
		location_type: 'physical',
		organization_id: org.id,
		name: conf ? `${org.short} safe house` : `${org.short} ${pick(['drop-in', 'office', 'clinic', 'café', 'bus stop'])}`,
		latitude: lat,
		longitude: lon,
		timezone_name: city.country.tz,
		confidential: conf,
		addresses: [{
			id: uuid(),
			address_1: `${pick(STREETS)} ${int(1, 180)}`,
			city: city.name,
			region: city.region,
			state_province: city.region,
			postal_code: city.postal,
			country: city.country.code,
			address_type: 'physical',
		}],
		languages: langs.map(langObj),
		schedules: [{ id: uuid(), freq: 'WEEKLY', byday: pick(DAYS), opens_at: opens, closes_at: closes }],
	};
	if (chance(0.3)) {
		const [o2, c2] = pick(HOURS);
		loc.schedules.push({ id: uuid(), freq: 'WEEKLY', byday: pick(DAYS), opens_at: o2, closes_at: c2 });
	}
	if (conf && chance(0.5))
		loc.public_point = { latitude: +(lat + 0.01).toFixed(4), longitude: +(lon - 0.01).toFixed(4) };
	if (chance(0.5))
		loc.contact_channels = [{
			type: pick(['phone', 'signal', 'whatsapp']),
			value: `+41440${String(int(0, 999999)).padStart(6, '0')}`,
			safe_to_leave_message: chance(0.3),
			languages: langs.slice(0, 2),
		}];
	return { loc, city, langs };
}

const organizations = [];
const services = []; // per chunk, flushed to files
const queries = [];
let chunk = [];
let chunkNo = 0;
let nServices = 0;
let nLocations = 0;
let nOnline = 0;
let nConfidential = 0;
const candidates = []; // services a query may be taken from, kept sparse

fs.mkdirSync(outDir, { recursive: true });
for (const f of fs.readdirSync(outDir))
	if (/^(services_\d+|organizations)\.json$/.test(f)) fs.unlinkSync(path.join(outDir, f));
function flush() {
	if (chunk.length === 0) return;
	chunkNo++;
	fs.writeFileSync(path.join(outDir, `services_${String(chunkNo).padStart(4, '0')}.json`),
		JSON.stringify(chunk));
	chunk = [];
}

while (nServices < N_SERVICES) {
	const home = weighted(cities, cityWeights);
	const country = home.country;
	const short = `${pick(ORG_NAMES)} ${home.name}`;
	const org = {
		id: uuid(),
		name: `${short} ${pick(ORG_WORDS)} ${organizations.length + 1}`,
		short,
		description: `Fictional benchmark organisation in ${home.name} working with sex workers and migrants.`,
		email: `info${organizations.length + 1}@bench.example`,
		website: `https://org${organizations.length + 1}.bench.example/`,
		sex_worker_led: chance(0.2),
	};
	organizations.push({
		id: org.id, name: org.name, description: org.description, email: org.email,
		website: org.website, sex_worker_led: org.sex_worker_led,
	});
	// One to three places, now and then one in another city of the country.
	const locs = [];
	for (let i = int(1, 3); i > 0; i--) {
		const city = locs.length > 0 && chance(0.15) ? pick(country.cities) : home;
		locs.push(makeLocation(org, city));
		nLocations++;
		if (locs[locs.length - 1].loc.confidential) nConfidential++;
	}
	for (let k = int(4, 16); k > 0 && nServices < N_SERVICES; k--) {
		nServices++;
		const online = chance(0.04);
		const cats = new Set();
		for (let i = int(1, 3); i > 0; i--) cats.add(weighted(categoryCodes, categoryWeights));
		const access = Object.keys(accessP).filter((c) => chance(accessP[c]));
		const first = [...cats][0];
		const svc = {
			id: uuid(),
			organization_id: org.id,
			name: `${term[first].name} – ${org.short} ${nServices}`,
			description: `${term[first].name} by ${org.name}: ${PHRASES[first] ??
				term[first].description.toLowerCase()}. Everyone is welcome.`,
			status: 'active',
			fees_description: access.includes('free') ? 'Free of charge.' : 'Ask us about the cost.',
			languages: [],
			attributes: [],
			service_at_locations: [],
		};
		if (chance(0.1))
			svc.translations = { [pick(country.langs.filter((l) => ['de', 'fr', 'it', 'es', 'pt', 'ro', 'bg', 'pl', 'nl', 'ru'].includes(l)).concat('en'))]: { name: `${term[first].name} (${org.short})` } };
		for (const c of cats) svc.attributes.push(attr(c));
		let spoken;
		const where = { city: null, sal: [] };
		if (online) {
			nOnline++;
			for (const c of ['online', 'phone_service'])
				if (!access.includes(c) && (c === 'online' || chance(0.5))) access.push(c);
			spoken = pickLangs(country, int(1, 4));
			const area = chance(0.7) ? country.code
				: chance(0.5) ? `${country.code}-${int(1, 9)}` : home.name;
			svc.service_areas = [{ id: uuid(), name: area, extent_type: 'text', extent: area }];
			svc.schedules = [{ id: uuid(), freq: 'WEEKLY', byday: pick(DAYS), opens_at: '10:00', closes_at: '22:00' }];
			for (const c of access) svc.attributes.push(attr(c));
		} else {
			const at = sample(locs, chance(0.7) ? 1 : 2);
			spoken = sample(at[0].langs, int(1, 3));
			where.city = at[0].city;
			// A tenth keep some access attributes on a service_at_location.
			const onSal = chance(0.1) ? access.filter(() => chance(0.5)) : [];
			for (const c of access) if (!onSal.includes(c)) svc.attributes.push(attr(c));
			at.forEach(({ loc }, i) => {
				const sal = { id: uuid(), service_id: svc.id, location_id: loc.id, location: loc };
				if (i === 0 && onSal.length > 0) sal.attributes = onSal.map(attr);
				svc.service_at_locations.push(sal);
			});
			for (const { langs } of at) for (const l of langs) where.sal.push(l);
		}
		svc.languages = spoken.map(langObj);
		if (svc.service_at_locations.length === 0) delete svc.service_at_locations;
		chunk.push(svc);
		// Every 97th local service is a candidate for a query.
		if (!online && nServices % 97 === 0)
			candidates.push({ city: where.city, langs: [...new Set([...spoken, ...where.sal])], cats: [...cats], access });
	}
	if (chunk.length >= CHUNK) flush();
}
flush();
fs.writeFileSync(path.join(outDir, 'organizations.json'), JSON.stringify(organizations));

// Queries: city as a person types it (folded), a language as its primary
// subtag, one category and one or two access codes, all of one service.
const qs = sample(candidates, N_QUERIES);
const lines = qs.map((c) => {
	const lang = pick(c.langs).split('-')[0];
	const acc = sample(c.access.filter((a) => !['online', 'phone_service'].includes(a)), int(1, 2));
	if (acc.length === 0) acc.push('free');
	return [fold(c.city.name), lang, pick(c.cats), acc.join(',')].join('\t');
});
fs.writeFileSync(path.join(outDir, 'queries.tsv'), lines.join('\n') + '\n');
console.error(`gen: ${organizations.length} organizations, ${nServices} services ` +
	`(${nOnline} online-only), ${nLocations} locations (${nConfidential} confidential), ` +
	`${cities.length} cities, ${countries.length} countries, ${Object.keys(LANGS).length} languages, ` +
	`${chunkNo} files, ${lines.length} queries in ${outDir}`);
