// freePort moved to @gv/testing (shared with the tests); re-exported for the stack's users.
export { freePort } from '@gv/testing';
export * from './stack';
export * from './account-setup';
