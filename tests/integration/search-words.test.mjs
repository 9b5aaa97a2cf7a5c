// Words in their own forms and needs in the searcher's own words (issue 12,
// docs/api.md "### Search"): Snowball stems by the text's language, the
// vocabularies' labels and synonyms, and the ranking.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { missingEnv, setupNode, createOrg, createToken, psql } from './lib/harness.mjs';
import { assertValidPage } from './lib/hsds-schema.mjs';
import { assertSameServices, ids, labels } from './lib/sample.mjs';
import { smallService } from './lib/fixtures.mjs';

const skip = missingEnv();
const TESTING = ['S01', 'S04', 'S05', 'S06', 'S07', 'S19', 'S23'];

describe('search by word forms and synonyms on the sample directory', { skip: skip || false }, () => {
	let node, d, token, org;

	before(async () => {
		node = await setupNode(import.meta.url, { sample: true });
		d = node.daemon;
		org = await createOrg(node.conninfo, 'Words test org');
		token = await createToken(node.conninfo, { organization: org });
	});

	after(async () => {
		if (d) await d.stopClean();
	});

	async function found(q) {
		const p = await d.get(`/services?${q}&per_page=100`);
		assertValidPage('service.json', p, q);
		return p.contents.map((s) => s.id);
	}

	it('search=shelter and search=Notunterkunft find the emergency beds', async () => {
		for (const w of ['shelter', 'Notunterkunft', 'adăpost', 'подслон', 'hébergement d\'urgence', 'schronisko']) {
			const got = await found(`search=${encodeURIComponent(w)}`);
			assert.ok(got.includes(ids('S10')[0]), `search=${w} finds S10: ${labels(got)}`);
			assert.equal(got[0], ids('S10')[0], `search=${w}: the emergency beds come first`);
		}
		assert.deepEqual(await found('search=shelter&city=Berlin'), ids('S10'));
	});

	it('GET /organizations?search= matches word forms and needs as /services does', async () => {
		const orgs = async (q) => {
			const p = await d.get(`/organizations?${q}&per_page=100`);
			assertValidPage('organization.json', p, q);
			return p.contents.map((o) => o.name);
		};
		// "collectives" is no prefix of "collective": found by its English stem
		const collectives = await orgs('search=collectives');
		for (const n of ['Nachtschwalbe Kollektiv Zürich', 'Kiezkollektiv Laterne Berlin', 'Colectiva Farola Madrid',
			'Collectif Lanterne Paris'])
			assert.ok(collectives.includes(n), `search=collectives finds ${n}: ${collectives}`);
		assert.deepEqual(await orgs('search=collectives'), await orgs('search=collective'));
		// a need in the searcher's words: the organization of the emergency beds
		for (const w of ['Notunterkunft', 'adăpost', 'подслон'])
			assert.ok((await orgs(`search=${encodeURIComponent(w)}`)).includes('Haus Zugvogel Berlin'), w);
		// its own words rank above a service's term: "shelter" is in its description
		const shelter = await orgs('search=shelter');
		assert.equal(shelter[0], 'Haus Zugvogel Berlin', shelter.join());
		assert.deepEqual(await orgs('search=%21%21'), [], 'no words, no organizations');
		assert.ok((await orgs('search=Donaulicht')).includes('Verein Donaulicht Wien'));
	});

	it('search=test and search=testing find the same testing services', async () => {
		const test = await found('search=test');
		const testing = await found('search=testing');
		assert.deepEqual([...test].sort(), [...testing].sort());
		for (const id of ids(...TESTING)) assert.ok(test.includes(id), `search=test finds ${labels([id])}`);
		assert.deepEqual([...await found('search=tests')].sort(), [...test].sort(), 'tests too');
	});

	it('word forms by the text\'s language: German, Spanish, Russian translations', async () => {
		// "Beratungen" stems to the stem of "Beratung" (S09 "Peer-Beratung", S11 "Beratung und Begleitung")
		const beratungen = await found('search=Beratungen');
		for (const id of ids('S09', 'S11')) assert.ok(beratungen.includes(id), labels(beratungen).join());
		// "prueba" finds S19's "Pruebas rápidas"
		assert.ok((await found('search=prueba')).includes(ids('S19')[0]));
		// "консультация" finds S21's "Консультации" (Russian Snowball)
		assert.ok((await found(`search=${encodeURIComponent('консультация')}`)).includes(ids('S21')[0]));
	});

	it('a term\'s services come by its label or a synonym, in any of the twelve languages', async () => {
		assertSameServices(await found('search=Rollstuhl'), ['S06', 'S28'], 'Rollstuhl');
		assertSameServices(await found(`search=${encodeURIComponent('преводач')}`),
			['S03', 'S06', 'S10', 'S11', 'S12', 'S13', 'S15'], 'преводач');
		// sex_worker_led is derived from the organisation, and found too
		const swl = await found(`search=${encodeURIComponent('run by sex workers')}`);
		assert.ok(swl.includes(ids('S01')[0]) && swl.includes(ids('S23')[0]));
	});

	it('ranking: a name above a description, an exact word above a stem', async () => {
		const made = [];
		try {
			for (const doc of [
				smallService(org, { name: 'Quiet room', description: 'A lantern evening for everyone.' }),
				smallService(org, { name: 'Lantern evening', description: 'A quiet room for everyone.' }),
				smallService(org, { name: 'Lanterns for all', description: 'Evenings.' }),
			]) {
				const r = await d.request('/services', { method: 'POST', body: doc, token });
				assert.equal(r.status, 201, r.text);
				made.push(doc.id);
			}
			const order = (await found(`search=lantern&organization_id=${org}`));
			assert.deepEqual(order, [made[1], made[2], made[0]],
				'name with the exact word, then the name with its form, then the description');
		} finally {
			for (const id of made) await d.request(`/services/${id}`, { method: 'DELETE', token });
		}
	});

	it('GET /taxonomy_terms: labels follow lang and Accept-Language; search finds synonyms', async () => {
		const de = await d.get('/taxonomy_terms?search=emergency_accommodation&lang=de');
		assert.equal(de.contents[0].name, 'Notunterkunft');
		const fr = await d.get('/taxonomy_terms?search=emergency_accommodation',
			{ headers: { 'Accept-Language': 'fr;q=0.9, en;q=0.5' } });
		assert.equal(fr.contents[0].name, "Hébergement d'urgence");
		// a Polish synonym only, in no name or description
		const bySynonym = await d.get('/taxonomy_terms?search=noclegownia');
		assert.deepEqual(bySynonym.contents.map((t) => t.code), ['emergency_accommodation']);
	});

	it('every term has synonyms in the twelve languages', async () => {
		const missing = await psql(`SELECT count(*) FROM taxonomy_term t
			CROSS JOIN unnest('{en,de,fr,es,it,pt,nl,ro,bg,pl,ru,uk}'::text[]) AS l
			WHERE t.own AND t.taxonomy IN ('service_type', 'access') AND NOT EXISTS (
				SELECT 1 FROM taxonomy_term_synonym s WHERE s.taxonomy_term_id = t.id AND s.lang = l)`,
		{ db: node.dbName });
		assert.equal(missing, '0');
	});
});
