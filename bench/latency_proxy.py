"""A TCP proxy that delays every chunk it forwards: a database on another machine, on one machine.

In production the application servers and PostgreSQL are different machines, and every round trip
to the database costs the network's latency (0.2–1 ms within a data centre) on top of the system
calls that make it. On one machine only the system calls are left, so a benchmark sees little of
what a page's round trips cost. This proxy forwards a port to PostgreSQL and holds each chunk for
half the round trip you give, each way:

    .venv/bin/python bench/latency_proxy.py --rtt-ms 0.5 &        # 127.0.0.1:6543 -> :5432
    DATABASE_URL=postgres://postgres@127.0.0.1:6543/bench24 \\
        .venv/bin/python bench/page_benchmark.py --only story

The proxy's own work (a thread hand-over and a wake-up a chunk) and the machine's sleeps, which
overshoot, add to the delay: measure the round trip through it (``SELECT 1`` from psql with
``\\timing``). On the machine of docs/performance.md's figures, ``--rtt-ms 0.5`` gave a median
round trip of 1.08 ms against 0.25 ms straight to PostgreSQL. Stop it with Ctrl-C.
"""

import argparse
import contextlib
import queue
import socket
import threading
import time


def pipe(source, target, delay):
    """Forward ``source`` to ``target``, each chunk ``delay`` seconds after it arrived, in order."""
    chunks = queue.SimpleQueue()

    def forward():
        try:
            while (chunk := chunks.get())[1]:
                due, data = chunk
                if (wait := due - time.perf_counter()) > 0:
                    time.sleep(wait)
                target.sendall(data)
        except OSError:
            pass
        finally:
            target.close()

    threading.Thread(target=forward, daemon=True).start()
    try:
        while data := source.recv(65536):
            chunks.put((time.perf_counter() + delay, data))
    except OSError:
        pass
    finally:
        chunks.put((0, b""))


def serve(args):
    delay = args.rtt_ms / 2000
    listener = socket.create_server((args.host, args.port))
    print(f"{args.host}:{args.port} -> {args.target_host}:{args.target_port}, round trip +{args.rtt_ms} ms")
    while True:
        client, _ = listener.accept()
        try:
            server = socket.create_connection((args.target_host, args.target_port))
        except OSError:
            client.close()
            continue
        for sock in (client, server):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=pipe, args=(client, server, delay), daemon=True).start()
        threading.Thread(target=pipe, args=(server, client, delay), daemon=True).start()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=6543)
    parser.add_argument("--target-host", default="127.0.0.1")
    parser.add_argument("--target-port", type=int, default=5432)
    parser.add_argument("--rtt-ms", type=float, default=0.5, help="added to every round trip")
    with contextlib.suppress(KeyboardInterrupt):
        serve(parser.parse_args())


if __name__ == "__main__":
    main()
