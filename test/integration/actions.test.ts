// The action node's tests, one part per resource under actions/, in one module registry (parts.ts).
// payment.test.ts mocks n8n-workflow's sleep, so it runs on its own.
import { runParts } from './parts';

runParts('actions');
