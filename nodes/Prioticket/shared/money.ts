// Amounts as Prioticket writes them: decimal strings such as "37.50". Compared as decimals, never
// as binary floating point, so "37.5" equals "37.50" and 0.1 + 0.2 cannot creep in.

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** The amount as a canonical decimal string ("37.50" → "37.5", "-0" → "0"), or undefined when it is none. */
export function canonicalAmount(value: unknown): string | undefined {
	const text =
		typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value ?? '');
	const match = DECIMAL.exec(text.trim());
	if (!match) return undefined;
	const [, sign, whole, fraction = ''] = match;
	const integer = whole.replace(/^0+(?=\d)/, '');
	const decimals = fraction.replace(/0+$/, '');
	const zero = /^0+$/.test(integer) && decimals === '';
	return `${zero || sign !== '-' ? '' : '-'}${integer}${decimals ? `.${decimals}` : ''}`;
}

/** Whether two amounts are the same decimal number; false when either is not an amount. */
export function sameAmount(a: unknown, b: unknown): boolean {
	const left = canonicalAmount(a);
	return left !== undefined && left === canonicalAmount(b);
}
