// The Prioticket objects the nodes work with, one module each. They are the only callers of the
// transport: actions and the trigger read parameters and shape output, and ask these for data.

export * as availability from './availability';
export { distributorId } from './distributor';
export * as notifications from './notifications';
export * as orders from './orders';
export * as payments from './payments';
export * as products from './products';
export * as reservations from './reservations';
export * as webhooks from './webhooks';
export type { CallOptions, PrioticketContext } from '../transport';
export { CREDENTIAL_TYPE } from '../transport';
