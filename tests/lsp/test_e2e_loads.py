"""End-to-end: `.l` files found along the search path (KLONGPATH from the server's
environment, then the setting klong.searchPath), and a load that is not found said once on
its call instead of as undefined names (issue 14)."""
from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_helpers import init_params, open_doc, rng, server_config, wait_diagnostics

pytestmark = pytest.mark.asyncio(loop_scope="module")

CONFIG = server_config()
CONFIG.server_env = dict(CONFIG.server_env, KLONGPATH=".:nowhere")


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(init_params({
        "klong": {"liveEvaluation": "onSave", "diagnostics": {"debounce": 0.05}}}))
    yield
    await lsp_client.shutdown_session()


MAIN = '.l("stats.kg")\nm::mean([1 2 3])\nsq(m)\nmean(1;2)\nnope\n1+"a"\n'


def _project(root):
    """src/main.kg loads stats.kg from the sibling folder lib/ (which loads more.kg)."""
    (root / "src").mkdir()
    (root / "lib").mkdir()
    (root / "lib" / "stats.kg").write_text('.l("more")\nmean::{(+/x)%#x}\n', encoding="utf-8")
    (root / "lib" / "more.kg").write_text("sq::{x*x}\n", encoding="utf-8")
    main = root / "src" / "main.kg"
    main.write_text(MAIN, encoding="utf-8")
    return main


async def test_a_load_not_found_then_found_through_the_setting(client: LanguageClient,
                                                               tmp_path):
    main = _project(tmp_path)
    uri = main.as_uri()
    open_doc(client, uri, MAIN)
    # with the live evaluation in (the type error of the last line), the load is said once,
    # and neither the analysis nor the evaluation reports names as undefined
    got = await wait_diagnostics(client, uri, lambda d: any(
        x.code == "runtime-error" for x in d))
    src = tmp_path / "src"
    assert [(d.code, d.range, d.severity, d.message) for d in got] == [(
        "load-not-found", rng(0, 0, 0, 14), types.DiagnosticSeverity.Warning,
        f'.l("stats.kg"): file not found in {src}, {src / "nowhere"}; add the folder that '
        f"holds it to the setting klong.searchPath (or to KLONGPATH). Undefined names are "
        f"not reported in this file while it is missing, since it could define them "
        f"(error: io at run time)"), (
        "runtime-error", rng(5, 1, 5, 2), types.DiagnosticSeverity.Warning,
        'plus: type error: [1 "a"]')]
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"klong": {"searchPath": ["../lib"]}}))
    # (the arity error and the undefined name at run time are the static ones again)
    found = [("too-many-arguments", rng(3, 0, 3, 9)), ("undefined-name", rng(4, 0, 4, 4)),
             ("runtime-error", rng(5, 1, 5, 2))]
    await wait_diagnostics(client, uri, lambda d: [(x.code, x.range) for x in d] == found)
    # evaluation loads it the same way (the worker runs in src/, with the same path)
    result = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="klong.evaluate", arguments=[uri]))
    assert [(r["value"], r["error"]) for r in result] == [
        (":monad", None), ("2.0", None), ("4.0", None), (None, "wrong arity: :monad"),
        (None, "undefined: nope"), (None, 'plus: type error: [1 "a"]')]
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"klong": {"searchPath": []}}))
    await wait_diagnostics(client, uri, lambda d: [x.code for x in d] == [
        "load-not-found", "runtime-error"])
