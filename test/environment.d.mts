// The types of environment.mjs (jest loads that file as it is, uncompiled).
import { TestEnvironment } from 'jest-environment-node';

export default class FactoryTestEnvironment extends TestEnvironment {
  tempDirs: string[];
}
