// The trigger node's tests, one part per concern under trigger/, in one module registry (parts.ts).
import { runParts } from './parts';

runParts('trigger');
