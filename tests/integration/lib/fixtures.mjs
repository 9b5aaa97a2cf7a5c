// fixtures.mjs - documents the write tests submit.
import { randomUUID } from 'node:crypto';

/**
 * A full HSDS 3.0 service in the shape of examples/service_full.json: nested
 * service_at_locations with a location, its address, phones, schedules and
 * languages; attributes named by code; the objects HSDS keeps as JSON; and
 * our extensions. Every id is given so that tests can look the parts up.
 */
export function fullService(organizationId, over = {}) {
	const ids = {
		service: randomUUID(),
		sal: randomUUID(),
		location: randomUUID(),
		address: randomUUID(),
		phone: randomUUID(),
		schedule: randomUUID(),
	};
	const doc = {
		id: ids.service,
		organization_id: organizationId,
		name: 'Integration test STI testing',
		alternate_name: 'ITST',
		description: 'Free and anonymous HIV and STI tests, results in 20 minutes.',
		email: 'test@example.org',
		url: 'https://example.org/testing',
		status: 'active',
		application_process: 'Walk in during opening hours, or write to us on Signal.',
		eligibility_description: 'Everyone is welcome; no ID and no health insurance needed.',
		fees_description: 'Free of charge.',
		minimum_age: 16,
		assured_date: '2024-05-01',
		languages: [
			{ id: randomUUID(), name: 'Romanian', code: 'ro' },
			{ id: randomUUID(), name: 'German', code: 'de' },
		],
		phones: [{ id: ids.phone, number: '+41 44 123 45 67', type: 'voice',
			languages: [{ id: randomUUID(), name: 'German', code: 'de' }] }],
		schedules: [{ id: ids.schedule, freq: 'WEEKLY', wkst: 'MO', byday: 'MO,WE',
			opens_at: '10:00', closes_at: '18:00', description: 'Mondays and Wednesdays 10 to 18' }],
		attributes: [
			{ id: randomUUID(), taxonomy_term: { code: 'sti_hiv_testing' } },
			{ id: randomUUID(), taxonomy_term: { code: 'free' } },
			{ id: randomUUID(), taxonomy_term: { code: 'anonymous' } },
		],
		cost_options: [{ id: randomUUID(), option: 'Test', amount: 0, currency: 'CHF',
			amount_description: 'nothing to pay' }],
		required_documents: [{ id: randomUUID(), document: 'None' }],
		funding: [{ id: randomUUID(), source: 'City health department' }],
		contacts: [{ id: randomUUID(), name: 'Reception', title: 'Peer worker' }],
		contact_channels: [
			{ type: 'signal', value: '+41 44 123 45 67', safe_to_leave_message: true, languages: ['ro', 'de'] },
			{ type: 'email', value: 'test@example.org', safe_to_leave_message: false, languages: ['de'] },
		],
		translations: {
			ro: { name: 'Testare ITS (test de integrare)', description: 'Teste HIV și ITS gratuite și anonime.' },
		},
		service_at_locations: [{
			id: ids.sal,
			description: 'At the clinic',
			attributes: [{ id: randomUUID(), taxonomy_term: { code: 'no_id_required' } }],
			location: {
				id: ids.location,
				organization_id: organizationId,
				location_type: 'physical',
				name: 'Integration test clinic',
				latitude: 47.3779,
				longitude: 8.5403,
				timezone_name: 'Europe/Zurich',
				addresses: [{ id: ids.address, address_1: 'Teststrasse 1', city: 'Zürich',
					state_province: 'ZH', postal_code: '8004', country: 'CH', address_type: 'physical' }],
				schedules: [{ id: randomUUID(), freq: 'WEEKLY', byday: 'TU', opens_at: '09:00', closes_at: '12:00' }],
				languages: [{ id: randomUUID(), name: 'Romanian', code: 'ro' }],
			},
		}],
		...over,
	};
	return { doc, ids };
}

/** A small valid service with no location. */
export function smallService(organizationId, over = {}) {
	return {
		id: randomUUID(),
		organization_id: organizationId,
		name: 'Small integration test service',
		description: 'Peer support by phone.',
		status: 'active',
		...over,
	};
}

/**
 * The same condition in the twelve languages the rule must cover: help only
 * with a police report (rule D2), and a text that says none is needed.
 */
export const POLICE_REPORT = [
	{ lang: 'en', refused: 'Support is only available if you file a police report.',
		accepted: 'No police report needed.' },
	{ lang: 'de', refused: 'Unterstützung erhalten Sie nur mit einer Anzeige bei der Polizei.',
		accepted: 'Keine Anzeige nötig.' },
	{ lang: 'fr', refused: 'Aide uniquement après un dépôt de plainte auprès de la police.',
		accepted: 'Pas besoin de porter plainte.' },
	{ lang: 'es', refused: 'Solo atendemos a personas que hayan presentado una denuncia ante la policía.',
		accepted: 'Sin denuncia.' },
	{ lang: 'it', refused: 'Aiutiamo solo chi ha sporto denuncia alla polizia.',
		accepted: 'Non serve fare denuncia.' },
	{ lang: 'pt', refused: 'Apoio apenas mediante apresentação de queixa na polícia.',
		accepted: 'Não é preciso apresentar queixa.' },
	{ lang: 'nl', refused: 'Hulp alleen na aangifte bij de politie.',
		accepted: 'Aangifte is niet nodig.' },
	{ lang: 'ro', refused: 'Ajutor doar după depunerea unei plângeri la poliție.',
		accepted: 'Nu este nevoie de plângere la poliție.' },
	{ lang: 'bg', refused: 'Помощ само след подаване на сигнал в полицията.',
		accepted: 'Не е нужно да подавате сигнал в полицията.' },
	{ lang: 'pl', refused: 'Pomoc tylko po złożeniu zawiadomienia na policji.',
		accepted: 'Zawiadomienie na policję nie jest wymagane.' },
	{ lang: 'ru', refused: 'Помощь только после подачи заявления в полицию.',
		accepted: 'Заявление в полицию не требуется.' },
	{ lang: 'uk', refused: 'Допомога лише після подання заяви до поліції.',
		accepted: 'Заява до поліції не потрібна.' },
];
