import envPaths from 'env-paths';

/** The per-user data folder (e.g. ~/.local/share/pathomiq-uploader on Linux). */
export const defaultStateDir = (): string => envPaths('pathomiq-uploader', { suffix: '' }).data;
