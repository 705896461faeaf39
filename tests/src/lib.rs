//! Shared helpers of the Rae test suite.
