/** How the state modules tell the user something (Notices.announce in the app; a spy in tests). */
export type Tone = 'info' | 'success' | 'warning' | 'error';
export type Notify = (message: string, tone?: Tone) => void;
