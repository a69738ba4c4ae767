"""What the kernel holds for a TCP connection, read from /proc/net/tcp (Linux): the
server's end of a client's socket, found by the two ports."""

from pathlib import Path

PROC_TCP = Path("/proc/net/tcp")


def server_end(server_port: int, client_port: int) -> dict | None:
    """The server's end of the connection from `client_port`: its state (hex, as the
    kernel writes it: "01" established) and the bytes in its send queue; None once the
    kernel holds nothing for it."""
    for line in PROC_TCP.read_text().splitlines()[1:]:
        fields = line.split()
        local, remote, state, queues = fields[1], fields[2], fields[3], fields[4]
        if int(local.split(":")[1], 16) == server_port and int(remote.split(":")[1], 16) == client_port:
            return {"state": state, "send_queue": int(queues.split(":")[0], 16)}
    return None
