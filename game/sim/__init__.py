"""The numpy grid simulation: pure functions of (world, orders, rng), no I/O, no pygame."""
