"""`python -m klong`: the same as the `klong` command."""
import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
