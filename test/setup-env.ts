/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling: runs under Node, never inside n8n */
// Before n8n-core loads: keep its instance settings in a temporary folder rather than ~/.n8n,
// and keep its logger quiet.
import { mkdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const folder = join(tmpdir(), `n8n-nodes-prioticket-test-${process.env.JEST_WORKER_ID ?? '0'}`);
mkdirSync(folder, { recursive: true });
process.env.N8N_USER_FOLDER = folder;
process.env.N8N_ENCRYPTION_KEY ??= 'test-encryption-key';
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';
process.env.N8N_LOG_LEVEL ??= 'silent';
