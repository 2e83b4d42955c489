import nock from 'nock';
import { afterEach, beforeAll, expect } from 'vitest';

// Command tests never reach a network: every request must meet a nock interceptor.
beforeAll(() => {
  nock.disableNetConnect();
});

// An interceptor left unused is a request the command failed to make.
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending, 'nock interceptors that were never called').toEqual([]);
});
