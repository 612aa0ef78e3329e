"""Settings from the client: `initializationOptions` at start, then
`workspace/didChangeConfiguration` (the settings it carries, or, when it carries none, a
`workspace/configuration` request for the section "klong")."""
from __future__ import annotations

from typing import Any

from lsprotocol import types

from .common import Server


def _pull_supported(ls: Server) -> bool:
    try:
        return bool(ls.client_capabilities.workspace.configuration)
    except AttributeError:
        return False


def register(server: Server) -> None:
    @server.feature(types.INITIALIZE)
    def initialize(ls: Server, params: types.InitializeParams) -> None:
        ls.apply_settings(params.initialization_options)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: Server, params: types.InitializedParams) -> None:
        ls.start_workers()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: Server,
                                       params: types.DidChangeConfigurationParams) -> None:
        settings: Any = params.settings
        if settings in (None, {}) or (isinstance(settings, dict) and not any(
                k == "klong" or str(k).startswith("klong.") or k in _KNOWN for k in settings)):
            if not _pull_supported(ls):
                return
            try:
                got = await ls.workspace_configuration_async(types.ConfigurationParams(
                    items=[types.ConfigurationItem(section="klong")]))
            except Exception:  # noqa: BLE001 - the client may not answer it
                return
            settings = got[0] if got else None
        ls.apply_settings(settings, reevaluate=True)


_KNOWN = frozenset({"liveEvaluation", "backend", "device", "evaluation", "diagnostics",
                    "inlayHints"})
