"""`klong-lsp` / `python -m klong_lsp`: the Klong language server (stdio by default)."""
from __future__ import annotations

import argparse
import logging
import sys
from typing import List, Optional, Tuple

from . import __version__


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

    from .server import create_server
    server = create_server()
    if args.tcp:
        host, port = args.tcp
        server.start_tcp(host, port)
    else:
        server.start_io()
    return 0


if __name__ == "__main__":
    sys.exit(main())
