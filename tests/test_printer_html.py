"""HTML tables of matrices and dictionaries (klong/printer_html.py), as the Jupyter kernel
sends them as `text/html`."""
from __future__ import annotations

import pytest

from klong import KlongInterpreter
from klong.printer_html import html_table


@pytest.fixture(scope="module")
def k():
    return KlongInterpreter(backend="numpy")


def test_a_matrix_is_a_table_with_its_indices(k):
    assert html_table(k("[[1 2] [3 4]]")) == (
        '<table class="klong-matrix">\n'
        "<tr><th></th><th>0</th><th>1</th></tr>\n"
        "<tr><th>0</th><td>1</td><td>2</td></tr>\n"
        "<tr><th>1</th><td>3</td><td>4</td></tr>\n"
        "</table>")


def test_cells_are_written_forms_escaped(k):
    assert html_table(k('[[1 "a<b&c"] [2.5 :x] [0cz [1 2]]]')) == (
        '<table class="klong-matrix">\n'
        "<tr><th></th><th>0</th><th>1</th></tr>\n"
        '<tr><th>0</th><td>1</td><td>"a&lt;b&amp;c"</td></tr>\n'
        "<tr><th>1</th><td>2.5</td><td>:x</td></tr>\n"
        "<tr><th>2</th><td>0cz</td><td>[1 2]</td></tr>\n"
        "</table>")


def test_a_list_of_matrices_has_lists_in_its_cells(k):
    assert html_table(k("[[[1 2] [3 4]] [[5 6] [7 8]]]")) == (
        '<table class="klong-matrix">\n'
        "<tr><th></th><th>0</th><th>1</th></tr>\n"
        "<tr><th>0</th><td>[1 2]</td><td>[3 4]</td></tr>\n"
        "<tr><th>1</th><td>[5 6]</td><td>[7 8]</td></tr>\n"
        "</table>")


def test_a_dictionary_is_a_key_value_table(k):
    assert html_table(k(':{[:a 1] ["k" [1 2]] [[1 2] "<>"]}')) == (
        '<table class="klong-dict">\n'
        "<tr><th>key</th><th>value</th></tr>\n"
        "<tr><td>:a</td><td>1</td></tr>\n"
        '<tr><td>"k"</td><td>[1 2]</td></tr>\n'
        '<tr><td>[1 2]</td><td>"&lt;&gt;"</td></tr>\n'
        "</table>")


@pytest.mark.parametrize("source", [
    "[1 2 3]", "5", '"text"', ":a", "[[1 2] [3]]", "[[] []]", "[]", '["ab" "cd"]',
    "[[1 2] 3]", ":{}", "{x}"])
def test_other_values_have_no_table(k, source):
    assert html_table(k(source)) is None


def test_a_large_matrix_shows_its_edges_and_says_what_it_left_out(k):
    value = k("[10 10]:^!100")
    html = html_table(value, limit=99)
    gap = "<td>…</td>"
    assert html.split("\n") == [
        '<table class="klong-matrix">',
        "<tr><th></th><th>0</th><th>1</th><th>2</th><th>…</th><th>7</th><th>8</th>"
        "<th>9</th></tr>",
        "<tr><th>0</th><td>0</td><td>1</td><td>2</td><td>…</td><td>7</td><td>8</td>"
        "<td>9</td></tr>",
        "<tr><th>1</th><td>10</td><td>11</td><td>12</td><td>…</td><td>17</td><td>18</td>"
        "<td>19</td></tr>",
        "<tr><th>2</th><td>20</td><td>21</td><td>22</td><td>…</td><td>27</td><td>28</td>"
        "<td>29</td></tr>",
        "<tr><th>…</th>" + gap * 7 + "</tr>",
        "<tr><th>7</th><td>70</td><td>71</td><td>72</td><td>…</td><td>77</td><td>78</td>"
        "<td>79</td></tr>",
        "<tr><th>8</th><td>80</td><td>81</td><td>82</td><td>…</td><td>87</td><td>88</td>"
        "<td>89</td></tr>",
        "<tr><th>9</th><td>90</td><td>91</td><td>92</td><td>…</td><td>97</td><td>98</td>"
        "<td>99</td></tr>",
        "</table>",
        "<p>10×10 matrix: 4 rows and 4 columns not shown</p>"]
    assert html_table(value, limit=100) == html_table(value)
    assert html_table(value).count("<tr>") == 11


def test_only_the_long_axis_is_cut(k):
    html = html_table(k("[2000 2]:^!4000"), limit=1000)
    assert html.split("\n")[-3:] == [
        "<tr><th>1999</th><td>3998</td><td>3999</td></tr>", "</table>",
        "<p>2000×2 matrix: 1994 rows not shown</p>"]
    assert html.count("<tr>") == 8


def test_cells_are_abbreviated_with_the_same_limit(k):
    html = html_table(k("d:::{};d,:big,,!2000;d"), limit=1000)
    assert "<tr><td>:big</td><td>[0 1 2 ... 1997 1998 1999]</td></tr>" in html


def test_a_large_dictionary_shows_its_first_and_last_entries(k):
    html = html_table(k("d:::{};{d,x,x*x}'!10;d"), limit=8)
    assert html.split("\n") == [
        '<table class="klong-dict">', "<tr><th>key</th><th>value</th></tr>",
        "<tr><td>0</td><td>0</td></tr>", "<tr><td>1</td><td>1</td></tr>",
        "<tr><td>2</td><td>4</td></tr>", "<tr><td>…</td><td>…</td></tr>",
        "<tr><td>7</td><td>49</td></tr>", "<tr><td>8</td><td>64</td></tr>",
        "<tr><td>9</td><td>81</td></tr>", "</table>",
        "<p>dictionary of 10 entries: 4 entries not shown</p>"]


def test_a_tensor_matrix_is_a_table():
    torch = pytest.importorskip("torch")
    assert html_table(torch.tensor([[1.5, 2.0]])) == (
        '<table class="klong-matrix">\n'
        "<tr><th></th><th>0</th><th>1</th></tr>\n"
        "<tr><th>0</th><td>1.5</td><td>2.0</td></tr>\n"
        "</table>")
