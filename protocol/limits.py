"""Every size and rate limit of the wire contract, in one place."""

MAX_FRAME_BYTES = 64 * 1024  # also uvicorn's ws_max_size: larger frames close with 1009
MAX_ARRAY_LEN = 1024
MAX_MAP_LEN = 64
MAX_STR_BYTES = 16 * 1024
MAX_DEPTH = 8  # no valid client frame nests deeper than this

MAX_OP_ID_LEN = 64
MAX_TOKEN_LEN = 128
MAX_TITLE_LEN = 200
MAX_NAME_LEN = 60
MAX_ITEM_TEXT_LEN = 2000
MAX_BRIEF_TEXT_LEN = 4000  # the problem, objectives or briefing material: a page, not a document
MAX_OWNER_LEN = 120  # an action's owner: a name or two
MAX_MOMENT = 10_000_000_000.0  # epoch seconds: far beyond any planned meeting
MAX_TIMER_S = 4 * 3600
MAX_ID_LEN = 32

AUTH_DEADLINE_S = 10.0  # a socket that sends no hello by then is closed (AUTH_TIMEOUT)
COMMAND_RATE_PER_S = 20.0  # token bucket refill
COMMAND_BURST = 40  # token bucket size
RATE_STRIKES_BEFORE_CLOSE = 40  # refused commands in a row before RATE_LIMITED close

OUTBOX_MAX_FRAMES = 256
OUTBOX_MAX_BYTES = 1024 * 1024
# The kernel's send buffer of a WebSocket (Linux doubles it for its bookkeeping). Left to
# autotuning it grew to ~400 KB for a reader that stopped, which then held the memory and
# never overflowed its outbox; 128 KiB still covers 10 Mbit/s at 100 ms of round trip.
SEND_BUFFER_BYTES = 64 * 1024

PING_INTERVAL_S = 15.0
PING_TIMEOUT_S = 10.0
