/**
 * How many records of each kind the target has, or why that could not be read. Only a well-formed,
 * successful, empty answer means "no data" (a skip); a broken answer fails the checks that need the data.
 */
export type InventoryEntry = { count: number } | { broken: string; reproduce?: string };

export type DataKind = 'sessions' | 'nodes' | 'svms';

export type DataInventory = Record<DataKind, InventoryEntry>;
