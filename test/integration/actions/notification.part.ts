/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// Notification → Trigger Sample: Prioticket (here the emulator) then delivers to subscribed webhooks.
import { createServer } from 'http';
import type { AddressInfo } from 'net';

import { TestBed } from '../testbed';

const bed = new TestBed();
beforeAll(async () => await bed.start());
afterAll(async () => await bed.stop());
beforeEach(() => bed.emulator.reset());

test('asks Prioticket for a sample notification, which reaches every webhook subscribed to the event', async () => {
	const received: Array<{
		auth?: string;
		body: { data: { notification: Record<string, string> } };
	}> = [];
	const receiver = createServer((req, res) => {
		let text = '';
		req.on('data', (chunk) => (text += chunk));
		req.on('end', () => {
			received.push({ auth: req.headers.authorization, body: JSON.parse(text) });
			res.writeHead(200).end();
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
	try {
		await bed.runAction({
			resource: 'webhook',
			operation: 'create',
			url,
			events: ['ORDER_CREATE'],
			additionalFields: { webhookAuth: 'tok' },
		});
		await bed.runAction({
			resource: 'webhook',
			operation: 'create',
			url,
			events: ['PRODUCT_UPDATE'],
		});
		const [item] = await bed.runAction({
			resource: 'notification',
			operation: 'trigger',
			event: 'ORDER_CREATE',
			itemId: 'ORD-1001',
		});
		expect(item.json).toEqual({ triggered: true, event: 'ORDER_CREATE', itemId: 'ORD-1001' });
		await bed.emulator.deliverer.settled();
		expect(received).toHaveLength(1);
		expect(received[0].auth).toBe('Basic tok');
		expect(received[0].body.data.notification).toMatchObject({
			notification_event: 'ORDER_CREATE',
			notification_item_id: 'ORD-1001',
		});
	} finally {
		receiver.close();
	}
});

test('refuses an empty item ID, naming the field', async () => {
	await expect(
		bed.runAction({
			resource: 'notification',
			operation: 'trigger',
			event: 'ORDER_CREATE',
			itemId: '',
		}),
	).rejects.toThrow('The "Item ID" field is empty');
	expect(bed.emulator.countRequests('POST', '/notifications')).toBe(0);
});
