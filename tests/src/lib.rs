//! Helpers shared by the end-to-end tests: where the built binary is, running it on a database.
