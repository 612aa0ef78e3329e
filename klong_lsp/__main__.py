"""`klong-lsp` / `python -m klong_lsp`: the Klong language server (stdio by default)."""
from __future__ import annotations

import argparse
import logging
import sys
from typing import List, Optional, Tuple

from . import __version__
from .handshake import Replay, ReplyFilter, open_stdio


def _host_port(value: str) -> Tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep:
        host, port = "127.0.0.1", value
    try:
        return host or "127.0.0.1", int(port)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {value!r}") from None


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="klong-lsp", description="Language server for Klong (LSP over stdio or TCP).")
    parser.add_argument("--stdio", action="store_true", help="talk over stdin/stdout "
                        "(the default)")
    parser.add_argument("--tcp", metavar="HOST:PORT", type=_host_port,
                        help="listen on a TCP port instead")
    parser.add_argument("--log-file", metavar="PATH", help="write a log there")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="more logging (-vv: protocol messages)")
    parser.add_argument("--version", action="version", version=f"klong-lsp {__version__}")
    args = parser.parse_args(argv)

    level = logging.WARNING - 10 * min(args.verbose, 2)
    handler: logging.Handler = (logging.FileHandler(args.log_file, encoding="utf-8")
                                if args.log_file else logging.StreamHandler(sys.stderr))
    logging.basicConfig(level=level, handlers=[handler],
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    # over stdio the client's first message is read, and an `initialize` with a recorded
    # answer answered, before pygls is imported (most of the start-up): klong_lsp.handshake
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    opening = None if args.tcp else open_stdio(stdin, stdout)
    from .server import create_server  # on first use: after the early answer

    server = create_server()
    if args.tcp:
        host, port = args.tcp
        server.start_tcp(host, port)
    elif opening is None:
        server.start_io(stdin, stdout)
    else:
        server.start_io(Replay(opening.body, stdin), ReplyFilter(opening, stdout))  # type: ignore[arg-type]
    return 0

if __name__ == "__main__":
    sys.exit(main())
