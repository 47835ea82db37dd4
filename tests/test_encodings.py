"""Bytes become the text that was written, or the text with a warning naming the guessed encoding:
never silently garbled (invented sentences throughout)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from eventwire.errors import IngestError
from eventwire.ingest.encoding import decode
from eventwire.ingest.readers import iter_inputs
from eventwire.records import Article

FRENCH = ("Le maire de Montréal, Hélène Côté, a déclaré jeudi que l'hôpital près de Québec était fermé "
          "après l'incendie. Le préfet Müller a visité Zürich et São Tomé la même semaine.")
WESTERN = {
    "de": "Der Bürgermeister von Göttingen sagte, die Straßen müssten gesperrt werden; über 300 Menschen flohen.",
    "es": "El alcalde de Cádiz dijo que la situación era difícil y que más de 200 niños esperaban ayuda.",
    "pt": "O prefeito de Maceió disse que as eleições não serão adiadas e que a região está em alerta.",
    "fr": FRENCH,
    "da": "Borgmesteren i Århus sagde, at øen var lukket, og at færgen først sejler på søndag.",
    "is": "Forsætisráðherrann sagði að þjóðin hefði kosið og að úrslitin væru skýr í Reykjavík.",
}


def read_one(tmp_path, name: str, data: bytes, **kw):
    path = tmp_path / name
    path.write_bytes(data)
    [item] = list(iter_inputs([str(path)], **kw))
    return item


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_accented_latin1_text_is_not_read_as_a_baltic_or_central_european_page(tmp_path, encoding):
    a = read_one(tmp_path, "fr.txt", (" date 2022-08-18 " + FRENCH + "\n").encode(encoding))
    assert a.text == FRENCH
    assert "Montréal" in a.text and "Montrķal" not in a.text and a.ingest_warnings == []


@pytest.mark.parametrize("lang", sorted(WESTERN))
@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_western_european_text_round_trips_in_latin1_and_cp1252(lang, encoding):
    assert decode(WESTERN[lang].encode(encoding), "x").text == WESTERN[lang]


@pytest.mark.parametrize("text,encoding", [
    ("Prezydent Wałęsa powiedział, że sytuacja w Łodzi jest trudna, a żołnierze już jadą.", "cp1250"),
    ("Ministr Dvořák řekl, že situace v Brně je vážná a že úřady připravují pomoc obyvatelům.", "cp1250"),
    ("Prezidents paziņoja, ka situācija Rīgā ir sarežģīta un ķīmiskās vielas ir bīstamas.", "cp1257"),
    ("Губернатор заявил, что обстрел окраин продолжался всю ночь, пострадали три человека.", "cp1251"),
    ("Губернатор заявил, что обстрел окраин продолжался всю ночь, пострадали три человека.", "koi8-r"),
    ("Ο δήμαρχος δήλωσε ότι η κατάσταση στην πόλη είναι δύσκολη μετά την πλημμύρα.", "cp1253"),
])
def test_central_european_baltic_cyrillic_and_greek_pages_are_read_right_or_named_in_a_warning(text, encoding):
    """Where the Western reading of the bytes is just as plausible it wins (Western text is far more
    common), and the warning names the page the text may be in."""
    decoded = decode(text.encode(encoding), "x")
    assert decoded.text == text or encoding in (decoded.warning or ""), decoded


def test_a_guess_another_code_page_reads_as_well_is_kept_with_a_warning_naming_it(tmp_path):
    turkish = "Başbakan, İzmir'deki durumun zor olduğunu ve yardımın geleceğini söyledi."
    a = read_one(tmp_path, "tr.txt", ("date 2023-05-05\n" + turkish).encode("cp1254"))
    [warning] = a.ingest_warnings
    assert "not UTF-8" in warning and "cp1252" in warning and "cp1254" in warning


def test_the_guess_warning_reaches_ingest_output_and_extract_json(tmp_path):
    from eventwire.cli import cli

    turkish = "Başbakan, İzmir'deki durumun zor olduğunu ve yardımın geleceğini söyledi."
    path = tmp_path / "tr.txt"
    path.write_bytes(("date 2023-05-05\n" + turkish).encode("cp1254"))
    runner = CliRunner()
    r = runner.invoke(cli, ["ingest", str(path), "--db", str(tmp_path / "x.db"), "--workers", "1"])
    assert r.exit_code == 0, r.output
    assert f"warning: {path}: not UTF-8" in r.output
    shown = json.loads(runner.invoke(cli, ["query", "articles", "--json", "--db", str(tmp_path / "x.db")]).output)
    article = json.loads(runner.invoke(cli, ["query", "article", shown[0]["id"],
                                             "--db", str(tmp_path / "x.db")]).output)["article"]
    assert "cp1254" in article["ingest_warnings"][0]                        # stored with the article
    r = runner.invoke(cli, ["extract", str(path), "--json"])
    assert "cp1254" in json.loads(r.stdout)["article"]["ingest_warnings"][0]


def test_declared_charset_comes_after_utf8_and_before_any_guess(tmp_path):
    body = "<p>" + "Prezydent Wałęsa powiedział w Łodzi, że żołnierze już jadą do miasta. " * 3 + "</p>"
    page = f'<html><head><meta charset="windows-1250"><title>Łódź</title></head><body>{body}</body></html>'
    a = read_one(tmp_path, "pl.html", page.encode("cp1250"), date="2023-01-01")
    assert "Wałęsa" in a.text and a.ingest_warnings == []
    a = read_one(tmp_path, "utf8.html", page.encode("utf-8"), date="2023-01-01")     # the meta tag is wrong
    assert "Wałęsa" in a.text


def test_a_declared_charset_that_does_not_fit_is_a_warning_not_garbage(tmp_path):
    body = "<p>" + FRENCH + "</p>"
    page = f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'
    a = read_one(tmp_path, "fr.html", page.encode("latin-1"), date="2023-01-01")
    assert FRENCH in a.text
    assert any("declared charset 'utf-8'" in w for w in a.ingest_warnings)


@pytest.mark.parametrize("data", [
    "date 2023-02-02\nThe café in Besançon reopened.".encode("utf-16"),                 # with a BOM
    b"\xfe\xff" + "date 2023-02-02\nThe café in Besançon reopened.".encode("utf-16-be"),
    "date 2023-02-02\nThe café in Besançon reopened.".encode("utf-16-le"),              # without: NUL pattern
    "date 2023-02-02\nThe café in Besançon reopened.".encode("utf-16-be"),
    "date 2023-02-02\nThe café in Besançon reopened.".encode("utf-8-sig"),
])
def test_utf16_and_bom_inputs_decode_exactly(tmp_path, data):
    a = read_one(tmp_path, "u.txt", data)
    assert a.text == "The café in Besançon reopened." and a.ingest_warnings == []


def test_a_json_lines_record_in_latin1_is_decoded_with_the_rest_of_the_file_going_on(tmp_path):
    good = json.dumps({"id": "a1", "date": "2023-01-02", "text": "Crews cleared the road to Saint-Étienne."},
                      ensure_ascii=False)
    latin = json.dumps({"id": "a2", "date": "2023-01-02", "text": FRENCH}, ensure_ascii=False).encode("latin-1")
    path = tmp_path / "feed.jsonl"
    path.write_bytes(good.encode("utf-8") + b"\n" + latin + b"\n")
    first, second = iter_inputs([str(path)])
    assert isinstance(first, Article) and first.ingest_warnings == []
    assert isinstance(second, Article) and second.text == FRENCH and second.source_id == "a2"
    assert second.ingest_warnings and "not UTF-8" in second.ingest_warnings[0]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_utf16_json_lines_file_is_transcoded_line_by_line(tmp_path, encoding):
    lines = [json.dumps({"id": i, "date": "2023-01-02", "text": f"Convoy {i} reached Mâcon and Nîmes."},
                        ensure_ascii=False) for i in range(3)]
    path = tmp_path / "feed.jsonl"
    path.write_bytes("\n".join(lines).encode(encoding))
    items = list(iter_inputs([str(path)]))
    assert [a.source_id for a in items] == ["0", "1", "2"]
    assert items[2].text == "Convoy 2 reached Mâcon and Nîmes."


def test_bytes_no_encoding_reads_as_text_are_refused_not_stored():
    with pytest.raises(IngestError, match="undecodable"):
        decode(bytes(range(0x80, 0x100)) * 10, "x")
