// What a delivery reads of the trigger's parameters without copying the node: the same as
// getNodeParameter() would give, expressions still resolved by n8n.
import type { IGetNodeParameterOptions, INode, IWebhookFunctions } from 'n8n-workflow';

import { deliveryParameters, selectedEvents } from '../../../nodes/Prioticket/trigger/parameters';

/** n8n's context as far as these read it: which parameters were read raw, which resolved. */
const context = (parameters: INode['parameters'], resolved: Record<string, unknown> = {}) => {
	const read: string[] = [];
	const node = { id: 'node-1', name: 'Prioticket Trigger', parameters } as unknown as INode;
	const fake = {
		getNode: () => {
			read.push('getNode');
			return structuredClone(node);
		},
		getNodeParameter: (name: string, fallback?: unknown, options?: IGetNodeParameterOptions) => {
			if (options?.rawExpressions) return parameters[name] ?? fallback;
			read.push(name);
			return name in resolved ? resolved[name] : (parameters[name] ?? fallback);
		},
	} as unknown as IWebhookFunctions;
	return { fake, read };
};

describe('deliveryParameters', () => {
	it('reads plain values as stored, with the defaults, copying neither the node nor a parameter', () => {
		const { fake, read } = context({ events: ['ORDER_CREATE'], customEvents: 'order_cancel' });
		const { events, options } = deliveryParameters(fake);
		expect(events).toEqual(['ORDER_CANCEL', 'ORDER_CREATE']);
		expect(options).toEqual({ includePayload: true, output: 'simplified', resolve: false });
		expect(read).toEqual([]);
	});

	it('has n8n resolve a parameter that is an expression, also inside the Options', () => {
		const { fake, read } = context(
			{ events: '={{ ["ORDER_UPDATE"] }}', options: { resolve: '={{ true }}', output: 'raw' } },
			{ events: ['ORDER_UPDATE'], options: { resolve: true, output: 'raw' } },
		);
		const { events, options } = deliveryParameters(fake);
		expect(events).toEqual(['ORDER_UPDATE']);
		expect(options).toEqual({ includePayload: true, output: 'raw', resolve: true });
		expect(read.sort()).toEqual(['events', 'options']);
	});

	it('rejects an invalid selection each time, as selectedEvents does', () => {
		const { fake } = context({ events: [], customEvents: 'not an event' });
		expect(() => deliveryParameters(fake)).toThrow('is not an event name');
		expect(() => deliveryParameters(fake)).toThrow('is not an event name');
		expect(() => selectedEvents(fake)).toThrow('is not an event name');
	});

	it("gives selectedEvents' callers their own array", () => {
		const { fake } = context({ events: ['ORDER_CREATE'] });
		selectedEvents(fake).push('CHANGED');
		expect(deliveryParameters(fake).events).toEqual(['ORDER_CREATE']);
		expect(selectedEvents(fake)).toEqual(['ORDER_CREATE']);
	});
});
