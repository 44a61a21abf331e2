// Asset step of the build: tsc emits the code, this copies each node's and credential's icons
// into dist next to it, where the `file:` icon paths in the descriptions resolve.
const { src, dest } = require('gulp');

function copyIcons() {
	return src('icons/*.svg').pipe(dest('dist/icons'));
}

exports['build:icons'] = copyIcons;
