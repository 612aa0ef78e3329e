"""An object made in a background thread: the terminal REPL shows its first prompt while
numpy and the interpreter load, and waits for them only when they are first used (when the
first entry runs, usually long after)."""
from __future__ import annotations

import threading
from typing import Any, Callable


_OWN = frozenset({"_make", "_value", "_error", "_done", "_thread"})


class Background:
    """Stands for `make()`, run in a daemon thread once `start()` is called. Any attribute
    of it, or a call, waits for the result (and raises what `make` raised)."""

    def __init__(self, make: Callable[[], Any]):
        self._make = make
        self._value: Any = None
        self._error: BaseException | None = None
        self._done = False
        self._thread = threading.Thread(target=self._run, name="klong-background",
                                        daemon=True)

    def _run(self) -> None:
        try:
            self._value = self._make()
        except BaseException as exc:  # handed to whoever waits for the value
            self._error = exc
        self._done = True

    def start(self) -> None:
        """Start making the object (once; later calls do nothing)."""
        if self._thread.ident is None and not self._done:
            self._thread.start()

    def result(self) -> Any:
        """The object, made now if `start` was never called."""
        if self._thread.ident is None:
            if not self._done:
                self._run()
        else:
            self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value

    def wait(self) -> None:
        """Wait until the thread is done, whatever its outcome."""
        if self._thread.ident is not None:
            self._thread.join()

    def __getattr__(self, name: str) -> Any:
        if name in _OWN:  # not set yet: never wait for the value to find these
            raise AttributeError(name)
        return getattr(self.result(), name)

    def __call__(self, *args: Any) -> Any:
        return self.result()(*args)
