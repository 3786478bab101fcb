/**
 * Action.Execute verbs (and the `verb` field of their Action.Submit fallbacks). Cards already posted in a chat
 * carry these strings, so renaming one breaks the buttons of every older card.
 */
export const VERBS = {
  confirmOk: 'acoConfirmOk',
  confirmCancel: 'acoConfirmCancel',
  reauthenticate: 'acoReauthenticate',
  disconnectConfirm: 'acoDisconnectConfirm',
  disconnectCancel: 'acoDisconnectCancel',
  /** "Use ACO's values": a draft of ACO's own values, then Confirm Changes. */
  useAcoValues: 'acoUseAcoValues',
  /** The dialog's Save button (task/submit). */
  submitSettings: 'acoSubmitSettings',
  /** The "Edit settings" button that opens the dialog (task/fetch). */
  openSettings: 'acoOpenSettings',
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];

const ALL = new Set<string>(Object.values(VERBS));
export const isVerb = (v: unknown): v is Verb => typeof v === 'string' && ALL.has(v);
