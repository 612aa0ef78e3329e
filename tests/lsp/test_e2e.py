"""End-to-end: the real `python -m klong_lsp` over stdio, driven by pytest-lsp (issue 5,
acceptance 1)."""
from __future__ import annotations

import asyncio

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_helpers import (DATA, doc_id, hover_text, init_params, open_doc, pos, replace_all, rng,
                      server_config, wait_diagnostics)

pytestmark = pytest.mark.asyncio(loop_scope="module")

OPTIONS = {"klong": {"liveEvaluation": "onSave", "evaluation": {"timeout": 20},
                     "diagnostics": {"debounce": 0.05}}}


@pytest_lsp.fixture(config=server_config(), scope="module")
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(init_params(OPTIONS))
    yield
    await lsp_client.shutdown_session()


def _codes(diagnostics):
    return [(d.code, d.range) for d in diagnostics]


async def test_diagnostics_exact_ranges_and_cleared_when_fixed(client: LanguageClient):
    uri = "file:///e2e/errors.kg"
    text = ("a::1+\n"          # 0: incomplete
            "b::(2\n"          # 1: missing )
            "c::3 4\n"         # 2: two operands
            "d::undefinedname\n"
            "e::{x}(1;2)\n")
    open_doc(client, uri, text)
    got = await wait_diagnostics(client, uri, lambda d: len(d) >= 5)
    assert _codes(got) == [
        ("syntax-error", rng(0, 5, 0, 6)),
        ("syntax-error", rng(1, 5, 1, 6)),
        ("syntax-error", rng(2, 5, 2, 6)),
        ("undefined-name", rng(3, 3, 3, 16)),
        ("too-many-arguments", rng(4, 3, 4, 11)),
    ]
    assert all(d.source == "klong" and d.message for d in got)
    assert got[3].severity == types.DiagnosticSeverity.Warning
    replace_all(client, uri, "a::1+2\nb::(2)\nc::3\nd::a+b+c\ne::{x}(1)\n", 2)
    await wait_diagnostics(client, uri, lambda d: len(d) == 0)


async def test_end_of_input_error_is_placed_after_the_incomplete_line(client: LanguageClient):
    uri = "file:///e2e/incomplete.kg"
    open_doc(client, uri, "f::{x+\ng::2\n")
    got = await wait_diagnostics(client, uri, lambda d: len(d) >= 2)
    assert [(d.code, d.range, d.message) for d in got] == [
        ("unclosed-bracket", rng(0, 3, 0, 4), "{ is never closed: add a }"),
        ("syntax-error", rng(0, 6, 0, 7),
         "syntax error: expected an operand, got: the end of input (after +)"),
    ]


async def test_an_undefined_name_is_reported_once_also_after_evaluation(
        client: LanguageClient):
    uri = "file:///e2e/undefined.kg"
    open_doc(client, uri, 'a::nope+1\nf::{x+zz}\nf(2)\n1+"a"\n')
    # the live evaluation is in once the type error of the last line is there
    got = await wait_diagnostics(client, uri,
                                 lambda d: any(x.code == "runtime-error" for x in d))
    assert [(d.code, d.range, d.message) for d in got] == [
        ("undefined-name", rng(0, 3, 0, 7), "undefined name: nope is not defined in this "
         "file or by what it loads (error: undefined at run time)"),
        ("undefined-name", rng(1, 6, 1, 8), "undefined name: zz is not defined in this "
         "file or by what it loads (error: undefined at run time)"),
        ("runtime-error", rng(3, 1, 3, 2), 'plus: type error: [1 "a"]'),
    ]


async def test_every_construct_gives_no_diagnostics(client: LanguageClient):
    uri = "file:///e2e/constructs.kg"
    open_doc(client, uri, (DATA / "constructs.kg").read_text(encoding="utf-8"))
    got = await wait_diagnostics(client, uri, lambda d: True)
    assert list(got) == []


GRAD = "f::{x^2}\nf:>3\n[1 2]∂f\n1+2\nx::[1 2 3]\n+/x\n"


async def test_hover_gradient_and_jacobian_values(client: LanguageClient):
    uri = "file:///e2e/grad.kg"
    open_doc(client, uri, GRAD)
    grad = await hover_text(client, uri, 1, 1)
    assert "f:>3" in grad and "= `6.0`" in grad and "6.000000000" in grad
    assert "backend: numpy" in grad and "shape: scalar" in grad
    jac = await hover_text(client, uri, 2, 5)
    assert "= `[[2.0 0.0] [0.0 4.0]]`" in jac and "shape: 2×2" in jac


async def test_hover_plus_dyadic_and_with_an_adverb(client: LanguageClient):
    uri = "file:///e2e/grad.kg"
    dyadic = await hover_text(client, uri, 3, 1)
    assert "Dyad — `a+b` **Plus**" in dyadic
    over = await hover_text(client, uri, 5, 0)
    assert "Over" in over and "used as a dyad" in over
    assert "Monad — `f/a` **Over**" in await hover_text(client, uri, 5, 1)


async def test_completion_of_input_sequences_and_snippets(client: LanguageClient):
    uri = "file:///e2e/complete.kg"
    open_doc(client, uri, "y::\\nab\ng\n")
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=doc_id(uri), position=pos(0, 7)))
    # the item every client applies (editors/test/run.sh checks them): the label and
    # filterText are the sequence (VS Code, lsp-mode and Neovim 0.11 filter on them, eglot
    # with its flex style), the edit replaces what was typed, from the backslash, by the glyph
    [item] = result.items
    assert (item.label, item.filter_text, item.insert_text) == ("\\nabla", "\\nabla", None)
    assert (item.text_edit.range, item.text_edit.new_text) == (rng(0, 3, 0, 7), "∇")
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=doc_id(uri), position=pos(1, 1)))
    snippets = {i.label: i for i in result.items if i.kind == types.CompletionItemKind.Snippet}
    for prefix, glyph in (("grad", ":>"), ("jac", "∂"), ("nabla", "∇")):
        item = snippets[prefix]
        assert item.insert_text_format == types.InsertTextFormat.Snippet
        assert glyph in item.text_edit.new_text and "${1:" in item.text_edit.new_text


async def test_inlay_hints_for_a_small_file(client: LanguageClient):
    uri = "file:///e2e/hints.kg"
    open_doc(client, uri, "a::1+2\nsq::{x*x}\nsq(a)\n!1000\n.p(\"hi\")\nnope\n")
    hints = await client.text_document_inlay_hint_async(types.InlayHintParams(
        text_document=doc_id(uri), range=rng(0, 0, 6, 0)))
    labels = [(h.position.line, h.label) for h in hints]
    assert labels[:3] == [(0, "→ 3"), (2, "→ 9"), (3, labels[2][1])]
    assert labels[2][1].startswith("→ 1000: [0 1 2")
    assert (4, '→ "hi"') in labels and (5, "✗ undefined error") in labels
    printed = next(h for h in hints if h.position.line == 4)
    assert "hi" in printed.tooltip.value


async def test_evaluate_command(client: LanguageClient):
    uri = "file:///e2e/eval.kg"
    open_doc(client, uri, "a::6*7\nb::a%0\n.p(a)\n\"s\"+1\n")
    result = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="klong.evaluate", arguments=[uri]))
    assert [r["value"] for r in result] == ["42", ":undefined", "42", None]
    assert result[0]["range"] == {"start": {"line": 0, "character": 0},
                                  "end": {"line": 0, "character": 6}}
    assert result[2]["output"] == "42\n"
    assert result[3]["error"] == 'plus: type error: ["s" 1]'     # as the CLI says it
    part = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="klong.evaluate", arguments=[uri, {"start": {"line": 2, "character": 0},
                                                   "end": {"line": 2, "character": 5}}]))
    assert [r["value"] for r in part] == ["42"]


async def test_evaluate_command_returns_an_entry_for_each_syntax_error(client: LanguageClient):
    uri = "file:///e2e/eval-syntax.kg"
    open_doc(client, uri, "a::6*7\nb::1+\nc::a+1\nf::{x+\ng::2\n")
    result = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="klong.evaluate", arguments=[uri]))
    assert [(r["value"], r["error"], r.get("errorKind")) for r in result] == [
        ("42", None, None),
        (None, "syntax error: expected an operand, got: the end of the line (after +)",
         "syntax"),
        ("43", None, None),
        (None, "syntax error: expected an operand, got: the end of input (after +)",
         "syntax"),
        ("2", None, None),
    ]
    assert [r["range"] for r in result] == [
        {"start": {"line": k, "character": a}, "end": {"line": k, "character": b}}
        for k, a, b in ((0, 0, 6), (1, 5, 6), (2, 0, 6), (3, 6, 7), (4, 0, 4))]
    part = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="klong.evaluate", arguments=[uri, {"start": {"line": 1, "character": 0},
                                                   "end": {"line": 1, "character": 6}}]))
    assert [r["errorKind"] for r in part] == ["syntax"]


async def test_symbols_definition_references_semantic_tokens(client: LanguageClient):
    uri = "file:///e2e/grad.kg"
    syms = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc_id(uri)))
    assert [(s.name, s.detail) for s in syms] == [("f", "monad"), ("x", "variable")]
    locs = await client.text_document_definition_async(types.DefinitionParams(
        text_document=doc_id(uri), position=pos(2, 6)))
    assert [loc.range for loc in locs] == [rng(0, 0, 0, 1)]
    refs = await client.text_document_references_async(types.ReferenceParams(
        text_document=doc_id(uri), position=pos(0, 0),
        context=types.ReferenceContext(include_declaration=True)))
    assert len(refs) == 3
    tokens = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=doc_id(uri)))
    assert len(tokens.data) % 5 == 0 and len(tokens.data) > 40


async def test_live_evaluation_modes_from_configuration(client: LanguageClient):
    uri = "file:///e2e/modes.kg"
    open_doc(client, uri, "a::2\na*10\n")
    hints = await client.text_document_inlay_hint_async(types.InlayHintParams(
        text_document=doc_id(uri), range=rng(0, 0, 3, 0)))
    assert [h.label for h in hints] == ["→ 2", "→ 20"]
    # pushed settings: on type, hints follow the edits
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"klong": {"liveEvaluation": "onType"}}))
    replace_all(client, uri, "a::3\na*10\n", 2)
    await wait_diagnostics(client, uri, lambda d: True)
    hints = await client.text_document_inlay_hint_async(types.InlayHintParams(
        text_document=doc_id(uri), range=rng(0, 0, 3, 0)))
    assert [h.label for h in hints] == ["→ 3", "→ 30"]
    # pulled settings (workspace/configuration): off, no hints
    client.set_configuration({"liveEvaluation": "off"}, section="klong")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    for _ in range(100):
        hints = await client.text_document_inlay_hint_async(types.InlayHintParams(
            text_document=doc_id(uri), range=rng(0, 0, 3, 0)))
        if not hints:
            break
        await asyncio.sleep(0.1)
    assert not hints
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"klong": {"liveEvaluation": "onSave"}}))
