"""Redis as the source of truth: each room an event log, committed by one Lua script."""
