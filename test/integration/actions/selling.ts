// What the selling tests share: days ahead, slot IDs and the bookings field as n8n stores it.

/** A day `ahead` days from today, YYYY-MM-DD (far enough ahead to be the same date in Amsterdam). */
export function dayAhead(ahead: number): string {
	return new Date(Date.now() + ahead * 86_400_000).toISOString().slice(0, 10);
}

/** A day at least `from` days ahead that is not a Monday (Rooftop Concert 2003 is closed on Mondays). */
export function openDayAhead(from = 3): string {
	for (let ahead = from; ; ahead++) {
		const day = dayAhead(ahead);
		if (new Date(`${day}T12:00:00Z`).getUTCDay() !== 1) return day;
	}
}

export const slotOf = (product: string, day: string, time = '1000') =>
	`${product}-${day.replace(/-/g, '')}-${time}`;

export interface Booking {
	productId: string;
	slotId?: string;
	travelDate?: string;
	productTypes: string;
	itemReference?: string;
}

export const bookings = (...items: Booking[]) => ({ booking: items });

export const DISTRIBUTOR = { distributorId: 'D-501' };
