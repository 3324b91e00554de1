// The types of sequencer.mjs (jest loads that file as it is, uncompiled).
import Sequencer from '@jest/test-sequencer';

export declare const LONGEST_FIRST: string[];
export declare function longestFirst<T extends { path: string }>(tests: T[]): T[];
export default class LongestFirstSequencer extends Sequencer {}
