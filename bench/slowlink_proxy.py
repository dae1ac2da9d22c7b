#!/usr/bin/env python3
"""A slow link on loopback, for the benchmark only (not part of ops).

The kernel here has no netem, so this TCP proxy stands in for a WAN link:
every chunk read from either side is held DELAY seconds before it is
written to the other side (50 ms each way is a 100 ms round trip), in
order. The TCP handshake is emulated too: the backend is connected, and
the client's first bytes delivered, one round trip plus one way after the
client connected, as a real SYN/SYN-ACK/ACK would cost.

It also counts, per connection, the client's waits: the times the data
flow turned from client->server to server->client (each is a round trip
the client sat out: server data arriving at least one delay after the
client's last chunk, so that it can be the answer), plus one for the TCP
handshake. On exit (SIGTERM or
SIGINT) or on SIGUSR1 it appends one JSON line per finished connection to
--stats and forgets them.

  slowlink_proxy.py --delay 0.05 --stats FILE LISTEN=BACKEND ...
  slowlink_proxy.py --delay 0.05 --stats FILE --map-file FILE

LISTEN and BACKEND are host:port; --map-file holds one "LISTEN BACKEND" a
line. Loopback addresses only: anything else is refused.
"""

import argparse
import asyncio
import ipaddress
import json
import signal
import sys
import os
import time

# SLOWLINK_TRACE=1: every chunk on stderr (seconds since the connection
# opened, c = from the client / s = from the server, bytes).
TRACE = os.environ.get("SLOWLINK_TRACE") == "1"


def loopback(addr):
    host, _, port = addr.rpartition(":")
    if not ipaddress.ip_address(host).is_loopback:
        sys.exit(f"slowlink_proxy: {addr} is not a loopback address")
    return host, int(port)


class Link:
    def __init__(self, delay):
        self.delay = delay
        self.finished = []

    async def pipe(self, reader, writer, start_at, side, state):
        """Copy reader to writer (or to what the awaitable `writer` gives),
        each chunk held `delay`, none before start_at."""
        loop = asyncio.get_running_loop()
        queue = asyncio.Queue()

        async def deliver():
            nonlocal writer
            if asyncio.isfuture(writer):
                try:
                    writer = await writer
                except OSError:
                    return
            while True:
                due, data = await queue.get()
                wait = due - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                if data is None:
                    try:
                        writer.write_eof()
                    except (OSError, RuntimeError):
                        pass
                    return
                writer.write(data)
                try:
                    await writer.drain()
                except OSError:
                    return

        sender = asyncio.create_task(deliver())
        try:
            while True:
                data = await reader.read(65536)
                now = loop.time()
                due = max(now + self.delay, start_at)
                if not data:
                    await queue.put((due, None))
                    break
                if TRACE:
                    print(f"{now - state['opened']:7.3f} {side} {len(data):6d}", file=sys.stderr, flush=True)
                # A turn: server data after client data, late enough to be
                # its answer (a window adjustment the client sends while the
                # server streams is not a wait).
                if side == "s" and state["last"] == "c" and now - state["c_at"] >= 0.9 * self.delay:
                    state["turns"] += 1
                if side == "c":
                    state["c_at"] = now
                state["last"] = side
                state[side + "_bytes"] += len(data)
                await queue.put((due, data))
        except OSError:
            pass
        await sender

    async def serve(self, client_r, client_w, backend):
        loop = asyncio.get_running_loop()
        opened = loop.time()
        state = {"turns": 0, "last": None, "c_at": 0.0, "c_bytes": 0, "s_bytes": 0, "opened": opened}
        # The client's bytes are read (and counted) at once; the server sees
        # the connection, and them, once the handshake's ACK has arrived.
        server_w = loop.create_future()
        up = asyncio.create_task(
            self.pipe(client_r, server_w, opened + 3 * self.delay, "c", state)
        )
        await asyncio.sleep(3 * self.delay)
        try:
            server_r, w = await asyncio.open_connection(*backend)
        except OSError as e:
            server_w.set_exception(e)
            client_w.close()
            await up
            return
        server_w.set_result(w)
        await asyncio.gather(up, self.pipe(server_r, client_w, 0, "s", state))
        for x in (w, client_w):
            x.close()
        self.finished.append(
            {
                "backend": f"{backend[0]}:{backend[1]}",
                "round_trips": state["turns"] + 1,
                "seconds": round(loop.time() - opened, 3),
                "bytes_up": state["c_bytes"],
                "bytes_down": state["s_bytes"],
            }
        )


async def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--delay", type=float, default=0.05, help="seconds each way")
    p.add_argument("--stats", required=True, help="JSON lines of finished connections")
    p.add_argument("--map-file")
    p.add_argument("pairs", nargs="*", help="LISTEN=BACKEND")
    a = p.parse_args()
    pairs = [x.split("=", 1) for x in a.pairs]
    if a.map_file:
        with open(a.map_file) as f:
            pairs += [line.split() for line in f if line.strip()]
    link = Link(a.delay)
    servers = []
    for listen, backend in pairs:
        lh, lp = loopback(listen)
        backend = loopback(backend)
        servers.append(
            await asyncio.start_server(
                lambda r, w, b=backend: link.serve(r, w, b), lh, lp, backlog=1024
            )
        )

    def flush():
        with open(a.stats, "a") as f:
            for c in link.finished:
                f.write(json.dumps(c) + "\n")
        link.finished.clear()

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, flush)
    for s in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(s, stop.set)
    print(f"slowlink_proxy: {len(servers)} listeners, {a.delay * 1000:.0f} ms each way", flush=True)
    await stop.wait()
    flush()


if __name__ == "__main__":
    asyncio.run(main())
