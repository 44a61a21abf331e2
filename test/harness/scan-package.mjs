// Runs n8n's community-package scanner (@n8n/scan-community-package) on a local package, the two
// legs it runs on a published one: the source files of the repository (package.json, nodes/ and
// credentials/, full rule set) and the files of the packed tarball (compiled .js and package.json).
// The scanner's command line only fetches published packages by name; its analysis is exported.
//   usage: node scan-package.mjs <source folder> <unpacked tarball folder>
// Prints one JSON object { source, tarball }, each { passed, message?, details? }; exits 1 unless both pass.
import { resolve } from 'node:path';

import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const [sourceDir, packageDir] = process.argv.slice(2).map((folder) => resolve(folder));
if (process.argv.length !== 4) {
	process.stderr.write('usage: node scan-package.mjs <source folder> <unpacked tarball folder>\n');
	process.exit(2);
}

const pick = ({ passed, message, details }) => ({ passed, message, details });
const source = pick(await analyzePackage(sourceDir, SOURCE_FILE_PATTERNS));
const tarball = pick(await analyzePackage(packageDir, ['**/*.js', 'package.json']));
process.stdout.write(`${JSON.stringify({ source, tarball })}\n`);
process.exit(source.passed && tarball.passed ? 0 : 1);
