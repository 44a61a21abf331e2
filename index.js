// The repository's entry point: `require('n8n-nodes-prioticket')` from a checkout (after
// `npm run build`) gives the node and credential classes, e.g. for scripts and benchmarks. It is not
// shipped: n8n loads the files listed in package.json's "n8n" block.
module.exports = {
	credentials: {
		PrioticketApi: require('./dist/credentials/PrioticketApi.credentials.js').PrioticketApi,
	},
	nodes: {
		Prioticket: require('./dist/nodes/Prioticket/Prioticket.node.js').Prioticket,
		PrioticketTrigger: require('./dist/nodes/Prioticket/PrioticketTrigger.node.js')
			.PrioticketTrigger,
	},
};
