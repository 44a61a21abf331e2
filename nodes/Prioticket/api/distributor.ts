// The distributor an account sells as: creates must name it (`reservation_distributor_id`,
// `order_distributor_id`), and the API offers no call that tells it, so it comes from the credential.

import { NodeOperationError } from 'n8n-workflow';

import { loadCredential, type LoadedCredential, type PrioticketContext } from '../transport';

/** The credential's Distributor ID (with the loaded credential), or an error saying where to enter it. */
export async function distributorId(
	context: PrioticketContext,
): Promise<{ id: string; credential: LoadedCredential }> {
	const credential = await loadCredential.call(context);
	const id = String(credential.data.distributorId ?? '').trim();
	if (id === '') {
		throw new NodeOperationError(
			context.getNode(),
			'The Prioticket credential has no Distributor ID, which reservations and orders need',
			{
				description:
					'Open the Prioticket API credential and fill in "Distributor ID" (your distributor account ID, as Prioticket gave it with your API access). Nothing was sent to Prioticket.',
			},
		);
	}
	return { id, credential };
}
