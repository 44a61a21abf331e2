import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as availability from './actions/availability';
import * as notification from './actions/notification';
import * as order from './actions/order';
import * as payment from './actions/payment';
import * as product from './actions/product';
import * as reservation from './actions/reservation';
import { router } from './actions/router';
import { searchOrders, searchProducts } from './methods/listSearch';
import * as webhook from './actions/webhook';

export class Prioticket implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Prioticket',
		name: 'prioticket',
		icon: {
			light: 'file:../../icons/prioticket.svg',
			dark: 'file:../../icons/prioticket.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Sell Prioticket tickets (availability, reservations, orders, cancellations), read orders, vouchers, products and payments; manage Distributor API webhooks and trigger sample notifications',
		defaults: { name: 'Prioticket' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'prioticketApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Availability', value: 'availability' },
					{ name: 'Notification', value: 'notification' },
					{ name: 'Order', value: 'order' },
					{ name: 'Payment', value: 'payment' },
					{ name: 'Product', value: 'product' },
					{ name: 'Reservation', value: 'reservation' },
					{ name: 'Webhook', value: 'webhook' },
				],
				// Stays 'webhook': n8n saves no parameter that equals its default, so workflows saved by 0.1
				// rely on it to mean the Webhook resource.
				default: 'webhook',
			},
			...availability.description,
			...reservation.description,
			...order.description,
			...product.description,
			...payment.description,
			...webhook.description,
			...notification.description,
		],
	};

	methods = { listSearch: { searchOrders, searchProducts } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
