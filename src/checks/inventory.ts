/** How many records of each kind the target has: checks that need data are skipped without it. */
export interface DataInventory {
  sessions: number;
  nodes: number;
  svms: number;
}
