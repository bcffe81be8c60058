/** One line of a time chart: its label, values (null = no data) and palette slot. */
export interface ChartSeries {
  label: string;
  values: (number | null)[];
  /** Index into the accessible palette (stable per region / phase across charts). */
  color: number;
  /** Fill down to the previous series (stacked areas) instead of drawing a line only. */
  fill?: boolean;
}
