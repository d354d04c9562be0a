"""One module per kind of thing measured; each probe takes a `Context` and returns an `Outcome`."""
