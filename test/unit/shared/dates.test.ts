import { toApiDate } from '../../../nodes/Prioticket/shared/dates';

describe('toApiDate: RFC 3339 with an offset, never a trailing Z', () => {
	test.each([
		['2026-11-28T09:00:00+01:00', 'UTC', '2026-11-28T09:00:00+01:00'],
		['2026-11-28T09:00:00.123+0530', 'UTC', '2026-11-28T09:00:00+05:30'],
		['2026-11-28T08:00:00Z', 'Europe/Amsterdam', '2026-11-28T08:00:00+00:00'],
		['2026-11-28T08:00:00.000Z', 'UTC', '2026-11-28T08:00:00+00:00'],
		// n8n's date fields give a wall-clock time: read in the workflow's time zone, DST included.
		['2026-11-28T09:00:00', 'Europe/Amsterdam', '2026-11-28T09:00:00+01:00'],
		['2026-07-01T09:00:00', 'Europe/Amsterdam', '2026-07-01T09:00:00+02:00'],
		['2026-07-01T09:00:00', 'America/New_York', '2026-07-01T09:00:00-04:00'],
		['2026-07-01', 'Asia/Kolkata', '2026-07-01T00:00:00+05:30'],
		['2026-07-01 09:30', 'UTC', '2026-07-01T09:30:00+00:00'],
		['2026-07-01T09:00:00', 'Not/AZone', '2026-07-01T09:00:00+00:00'],
	])('%s in %s → %s', (input, zone, expected) => {
		expect(toApiDate(input, zone)).toBe(expected);
	});

	test('a Luxon DateTime (an expression such as $now) is taken with its own offset', () => {
		expect(toApiDate({ toISO: () => '2026-11-28T09:00:00.000-03:00' }, 'UTC')).toBe(
			'2026-11-28T09:00:00-03:00',
		);
	});

	test.each(['', 'yesterday', '28/11/2026', '2026-13-45T99:00:00Z', undefined])(
		'%j is not a date',
		(input) => {
			expect(toApiDate(input, 'UTC')).toBeUndefined();
		},
	);
});
