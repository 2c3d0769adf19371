// Tells React that tests run here, so an update a test did not wait for (outside `act`) logs
// a warning. @testing-library/react sets this only when vitest's globals are on.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
