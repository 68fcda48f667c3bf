/** Recorded in incident files and reports. Keep equal to package.json's version (a test checks). */
export const HARNESS_NAME = 'converge';
export const HARNESS_VERSION = '0.1.0';
