/**
 * What the bench learned from aco-connect in its calibration pass, as the baseline reads it from a file.
 * Its own module (types only) so the compiled targets do not pull in the bench's fakes.
 */
export interface Calibration {
  /** The full settings form (what aco-connect shows in views.open, or in views.update after a placeholder). */
  slackModal: Record<string, unknown>;
  teamsTaskFetch: unknown;
  teamsCardAction: unknown;
  oauthPage: string;
  /** Sizes in bytes, for the report. */
  bytes: {
    slackModal: number;
    slackPlaceholder: number;
    teamsTaskFetch: number;
    teamsCardAction: number;
    oauthPage: number;
  };
}
