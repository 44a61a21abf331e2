/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// tsx resolves `./Prioticket.node` to the codex file Prioticket.node.json rather than
// Prioticket.node.ts (Node tries .json before the extensions tsx adds). Imported first by the
// benchmark so that TestBed loads the node sources, as jest does.
import Module from 'module';

const extensions = (Module as unknown as { _extensions: Record<string, unknown> })._extensions;
const json = extensions['.json'];
delete extensions['.json'];
extensions['.json'] = json;
