/** Names of file formats are the same in every language; texts that name one take it as a value. */
export const FORMAT_NAMES = { csv: 'CSV' } as const;
