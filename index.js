// Entry point for tools that require the package directly; n8n itself loads the files named in
// package.json's "n8n" block.
module.exports = {
	credentials: {
		PrioticketApi: require('./dist/credentials/PrioticketApi.credentials.js').PrioticketApi,
	},
	nodes: {
		Prioticket: require('./dist/nodes/Prioticket/Prioticket.node.js').Prioticket,
		PrioticketTrigger: require('./dist/nodes/Prioticket/PrioticketTrigger.node.js').PrioticketTrigger,
	},
};
