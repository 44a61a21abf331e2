// Jest's own order (a test that failed last time first, then the longest last time), except for
// test files it has no time for yet, as in a fresh clone. There jest would take the largest file
// first, and a file that runs the `*.part.ts` of a folder (test/integration/parts.ts) is a few
// lines long: the longest files would start last, when the other worker has nothing left to do.
// Here those files go first (the one with the largest parts first), then the others, largest
// first.
const { existsSync, readdirSync, statSync } = require('fs');
const { basename, dirname, join } = require('path');
const TestSequencer = require('@jest/test-sequencer').default;

/** The bytes of the parts a test file runs: those in the folder named after it. */
function partsSize(path) {
	const folder = join(dirname(path), basename(path, '.test.ts'));
	if (!existsSync(folder) || !statSync(folder).isDirectory()) return 0;
	return readdirSync(folder)
		.filter((name) => name.endsWith('.part.ts'))
		.reduce((total, name) => total + statSync(join(folder, name)).size, 0);
}

class Sequencer extends TestSequencer {
	sort(tests) {
		const sizes = new Map();
		const size = (test) => {
			if (!sizes.has(test.path))
				sizes.set(test.path, [partsSize(test.path), statSync(test.path).size]);
			return sizes.get(test.path);
		};
		for (const test of tests) test.duration = this.time(test);
		return [...tests].sort((a, b) => {
			const failedA = this.hasFailed(a);
			if (failedA !== this.hasFailed(b)) return failedA ? -1 : 1;
			const timedA = a.duration != null;
			if (timedA !== (b.duration != null)) return timedA ? 1 : -1;
			if (timedA) return b.duration - a.duration;
			const [partsA, ownA] = size(a);
			const [partsB, ownB] = size(b);
			return partsB - partsA || ownB - ownA;
		});
	}
}

module.exports = Sequencer;
