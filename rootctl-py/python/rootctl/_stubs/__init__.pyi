"""Stub-only modules: the native module's API, split as the package is (exceptions,
client, simulator, results). ``rootctl._rootctl`` re-exports them; import from ``rootctl``."""
