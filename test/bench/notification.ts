// The notification every benchmark sends: the emulator's real ORDER_CREATE envelope, its note
// padded so that the JSON is a given size.

import { Catalogue, notificationBody, type Json } from '../emulator/data';

export function paddedNotification(bytes: number, catalogue = new Catalogue()): Json {
	const envelope = notificationBody(catalogue, 'ORDER_CREATE', 'ORD-1001', '3.8.0', true);
	const notification = (envelope.data as { notification: Json }).notification;
	const size = Buffer.byteLength(JSON.stringify(envelope));
	notification.notification_note = `${String(notification.notification_note)}${' '.repeat(Math.max(0, bytes - size))}`;
	return envelope;
}
