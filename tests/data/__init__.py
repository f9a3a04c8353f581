"""Purpose-built test data (missions built in code) for the simulation tests."""
