"""Sockets: one hub per active room per process, one bounded outbox per socket."""
