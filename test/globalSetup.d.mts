// The types of globalSetup.mjs (jest loads that file as it is, uncompiled).
export declare function staleRunFolders(outer: string): string[];
export declare function removeFolder(folder: string, options?: { processes?: number; command?: string }): Promise<void>;
export declare function removeAll(paths: string[], options?: { processes?: number; command?: string }): Promise<void>;
export declare const KEEP_ENV: string;
export declare function tsxCacheName(): string;
export default function globalSetup(): Promise<void>;
export declare function globalTeardown(): Promise<void>;
