// Dates as the API takes them: RFC 3339 with an offset, in whole seconds. The API refuses a trailing "Z", and n8n's
// date fields give a wall-clock time without any offset, read in the workflow's time zone.

const WITH_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/**
 * `2026-11-28T09:00:00+01:00` for a date with an offset, with `Z` (as `+00:00`), or without one (read
 * in `timeZone`, an IANA name such as Europe/Amsterdam). Returns `undefined` when it is not a date.
 */
export function toApiDate(value: unknown, timeZone = 'UTC'): string | undefined {
	const text =
		typeof value === 'object' && value !== null && 'toISO' in value
			? String((value as { toISO: () => string }).toISO())
			: String(value ?? '').trim();
	if (text === '') return undefined;
	if (WITH_ZONE.test(text)) {
		const instant = Date.parse(text);
		if (Number.isNaN(instant)) return undefined;
		const zone = WITH_ZONE.exec(text)![1];
		const offset =
			zone.toUpperCase() === 'Z'
				? 0
				: Number(zone.slice(0, 1) + '1') * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
		return formatApiDate(instant, offset);
	}
	const parts = DATE_TIME.exec(text);
	if (!parts) return undefined;
	const [, year, month, day, hour = '0', minute = '0', second = '0'] = parts;
	const wall = Date.UTC(+year, +month - 1, +day, +hour, +minute, +second);
	if (Number.isNaN(wall)) return undefined;
	// The offset at the wall-clock time, checked once more for the hour a DST switch moves.
	let offset = offsetMinutes(timeZone, wall);
	offset = offsetMinutes(timeZone, wall - offset * 60_000);
	return formatApiDate(wall - offset * 60_000, offset);
}

/**
 * The one date writer: an instant (ms) as the API writes and wants dates, RFC 3339 in whole seconds
 * with an offset and never a trailing Z, e.g. `2026-11-28T09:00:00+00:00`.
 */
export function formatApiDate(instant: number, offsetMinutes = 0): string {
	const local = new Date(instant + offsetMinutes * 60_000).toISOString().slice(0, 19);
	const sign = offsetMinutes < 0 ? '-' : '+';
	const abs = Math.abs(offsetMinutes);
	return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Minutes `timeZone` is ahead of UTC at `instant`. */
function offsetMinutes(timeZone: string, instant: number): number {
	let zone = timeZone;
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
	} catch {
		zone = 'UTC';
	}
	const formatter = new Intl.DateTimeFormat('en-US', {
		timeZone: zone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	});
	const parts = formatter.formatToParts(new Date(instant));
	const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
	const asUtc = Date.UTC(
		get('year'),
		get('month') - 1,
		get('day'),
		get('hour'),
		get('minute'),
		get('second'),
	);
	return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/**
 * An API date (from a delivery or a list) as an instant in ms, to the second: the API writes whole
 * seconds, and a list that wrote fractions must not key a change apart from its delivery. NaN when
 * it is not a date.
 */
export function parseApiDate(value: unknown): number {
	const instant = Date.parse(String(value ?? ''));
	return Number.isNaN(instant) ? Number.NaN : Math.floor(instant / 1000) * 1000;
}

/** A calendar day (YYYY-MM-DD) as the availability calls take it, or undefined when it is not one. */
export function toApiDay(value: unknown, timeZone = 'UTC'): string | undefined {
	const date = toApiDate(value, timeZone);
	return date === undefined ? undefined : date.slice(0, 10);
}

/** A date the API wrote, in the form the package emits: its own offset (Z as +00:00), whole seconds. */
export function asApiDate(date: string): string {
	const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:[.,]\d+)?(Z|[+-]\d\d:\d\d)$/i.exec(date);
	if (match) return `${match[1]}${match[2].toUpperCase() === 'Z' ? '+00:00' : match[2]}`;
	const instant = parseApiDate(date);
	return Number.isNaN(instant) ? date : formatApiDate(instant);
}
