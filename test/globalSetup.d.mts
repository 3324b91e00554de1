// The types of globalSetup.mjs (jest loads that file as it is, uncompiled).
export declare function staleRunFolders(outer: string): string[];
export declare const KEEP_ENV: string;
export declare function tsxCacheName(): string;
export default function globalSetup(): void;
export declare function globalTeardown(): void;
