// The types of tempDirs.mjs (shared with test/environment.mjs, which jest loads uncompiled).
export declare const TEMP_DIRS: string;
