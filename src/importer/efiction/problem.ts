/** Something the reader could not place or map: reported for the admin, never fatal. */
export interface EfictionProblem {
  /** The story it concerns, or null for site-wide problems (tables, series, reviews…). */
  sid: number | null;
  message: string;
}
