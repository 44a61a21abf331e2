// Asset step of the build, after tsc has emitted the code:
// - each node's and credential's icons go into dist next to the code, where the `file:` icon paths
//   in the descriptions resolve;
// - each node's codex file goes next to its node, its documentation links resolved against
//   package.json's `homepage` (the codex sources hold only `#anchor`s, so the project's address is
//   written in one place).
const { parallel, src, dest } = require('gulp');
const { Transform } = require('stream');
const { homepage } = require('./package.json');

const documentation = homepage.replace(/#.*$/, '');

function copyIcons() {
	return src('icons/*.svg').pipe(dest('dist/icons'));
}

function resolveLinks(value) {
	if (Array.isArray(value)) return value.map(resolveLinks);
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([key, inner]) => [key, resolveLinks(inner)]),
		);
	}
	if (typeof value === 'string' && value.startsWith('#')) return `${documentation}${value}`;
	return value;
}

function writeCodex() {
	const resolve = new Transform({
		objectMode: true,
		transform(file, _encoding, done) {
			const codex = resolveLinks(JSON.parse(file.contents.toString('utf8')));
			file.contents = Buffer.from(`${JSON.stringify(codex, null, '\t')}\n`);
			done(null, file);
		},
	});
	return src('nodes/**/*.node.json').pipe(resolve).pipe(dest('dist/nodes'));
}

exports['build:assets'] = parallel(copyIcons, writeCodex);

// Not a task (gulp registers exported functions only): the link resolution the codex files get,
// which test/unit/links.test.ts checks against the sources without a build.
exports.codexLinks = { resolve: resolveLinks };
