// An ID as one segment of an API path. The API's IDs never contain a slash, and `.` or `..` would
// turn `/orders/..` into another path of the API, so such an ID is refused before any call.

/** The ID, encoded; an ID that cannot stand in a path throws an error naming the field and the fix. */
export function pathSegment(id: unknown, field: string): string {
	const value = String(id ?? '').trim();
	if (value === '' || value === '.' || value === '..' || /[\s/\\?#]/.test(value)) {
		throw new Error(
			value === ''
				? `The "${field}" field is empty: enter the ${field.toLowerCase()} to use`
				: `The "${field}" field ("${value}") is not a valid ID: an ID has no spaces, slashes, ? or #, and is not . or ..`,
		);
	}
	return encodeURIComponent(value);
}
