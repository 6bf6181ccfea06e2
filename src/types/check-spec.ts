/** A check as written in the suite: `type` plus the kind's own keys. */
export interface CheckSpec {
  type: string;
  [key: string]: unknown;
}
