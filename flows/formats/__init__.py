"""Input formats: each module turns one kind of input into article text and metadata."""
