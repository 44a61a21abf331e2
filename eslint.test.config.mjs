// n8n's community rules for the tests and tooling too, less the ones that guard n8n Cloud's
// runtime (timers, process, node built-ins, child processes, NodeApiError) and the demo secrets of
// the fixtures, which tests and dev tools legitimately use.
import { config } from '@n8n/node-cli/eslint';

export default [
	...config,
	{
		files: ['test/**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
			'no-console': 'off',
		},
	},
];
