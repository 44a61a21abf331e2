import { isAuthorized, parseDelivery, simplify } from '../../../nodes/Prioticket/trigger/delivery';

const envelope = {
	api_version: '3.8.0',
	data: {
		kind: 'notification',
		notification: {
			notification_id: 'n-1',
			notification_event: 'ORDER_CREATE',
			notification_item_id: 'ORD-1',
			notification_status: 'DELIVERY_PENDING',
			notification_account_id: 'ACC-1',
			notification_created: '2026-11-27T10:00:00+01:00',
		},
		order: { order_reference: 'ORD-1' },
	},
};

describe('isAuthorized', () => {
	test('accepts exactly "Basic <secret>", the scheme in any case', () => {
		expect(isAuthorized('Basic s3cret', 's3cret')).toBe(true);
		expect(isAuthorized('basic s3cret', 's3cret')).toBe(true);
	});

	test.each([
		['missing header', undefined],
		['wrong secret', 'Basic s3creT'],
		['secret prefix', 'Basic s3cre'],
		['bearer scheme', 'Bearer s3cret'],
		['no scheme', 's3cret'],
		['array header', ['Basic s3cret']],
	])('rejects %s', (_name, header) => {
		expect(isAuthorized(header, 's3cret')).toBe(false);
	});

	test('never accepts anything when no secret is stored', () => {
		expect(isAuthorized('Basic ', '')).toBe(false);
		expect(isAuthorized('Basic x', '')).toBe(false);
	});

	test("Node's constant-time comparison decides, and runs for a guess of any length", () => {
		const bytes = (text: string) => Buffer.from(text);
		// The module object itself (an import would give a namespace whose properties cannot be replaced).
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const compare = jest.spyOn(require('crypto') as typeof import('crypto'), 'timingSafeEqual');
		try {
			expect(isAuthorized('Basic a-much-longer-guess', 's3cret')).toBe(false);
			expect(isAuthorized('Basic s3cret', 's3cret')).toBe(true);
			// A guess of another length is compared all the same (with the secret itself), and refused.
			expect(compare.mock.calls).toEqual([
				[bytes('s3cret'), bytes('s3cret')],
				[bytes('s3cret'), bytes('s3cret')],
			]);
			// Its answer is the answer: nothing else compares the secrets.
			compare.mockReturnValueOnce(false);
			expect(isAuthorized('Basic s3cret', 's3cret')).toBe(false);
			compare.mockReturnValueOnce(true);
			expect(isAuthorized('Basic s3creT', 's3cret')).toBe(true);
		} finally {
			compare.mockRestore();
		}
	});
});

describe('parseDelivery', () => {
	test('reads the JSON envelope as n8n parsed it', () => {
		expect(parseDelivery(envelope)).toEqual({ envelope });
	});

	test('reads the legacy form field data=<json>, and a JSON text or buffer', () => {
		expect(parseDelivery({ data: JSON.stringify(envelope) })).toEqual({ envelope });
		expect(parseDelivery(JSON.stringify(envelope))).toEqual({ envelope });
		expect(parseDelivery(Buffer.from(JSON.stringify(envelope)))).toEqual({ envelope });
	});

	test.each([
		['empty body', {}, /no "data" object/],
		['malformed JSON text', '{"data":', /not JSON/],
		['malformed form field', { data: '{oops' }, /form field "data" is not JSON/],
		['array', [1, 2], /no "data" object/],
		['no notification', { data: { kind: 'notification' } }, /data\.notification/],
		['no event', { data: { notification: { notification_id: 'x' } } }, /notification_event/],
		[
			'object as id',
			{ data: { notification: { notification_event: 'ORDER_CREATE', notification_id: {} } } },
			/notification_id/,
		],
	])('rejects %s with a message saying what is missing', (_name, body, message) => {
		const result = parseDelivery(body);
		expect('error' in result && result.error).toMatch(message);
	});
});

describe('simplify', () => {
	test('flattens the notification and keeps the changed objects as payload', () => {
		expect(simplify(envelope)).toEqual({
			event: 'ORDER_CREATE',
			notificationId: 'n-1',
			itemId: 'ORD-1',
			created: '2026-11-27T10:00:00+01:00',
			accountId: 'ACC-1',
			status: 'DELIVERY_PENDING',
			note: undefined,
			apiVersion: '3.8.0',
			payload: { order: { order_reference: 'ORD-1' } },
		});
	});
});
