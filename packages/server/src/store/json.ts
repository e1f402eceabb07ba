/** Documents are stored as JSON text; these keep the parse and its type in one place. */
export const parseDoc = <T>(text: string): T => JSON.parse(text) as T;
export const stringifyDoc = (value: unknown): string => JSON.stringify(value);
