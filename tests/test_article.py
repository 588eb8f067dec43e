"""Loading articles: formats, header lines, hard wraps, offsets back to the original, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.article import ArticleError, article_id, from_text, read_articles
from kg.extract import extract


def one(path: Path):
    items = list(read_articles(path))
    assert len(items) == 1
    return items[0]


def test_header_line_gives_date_and_title_on_the_same_line(tmp_path: Path):
    f = tmp_path / "a.txt"
    f.write_text(
        " date 2024-05-02 Ports reopen after strike\n\nDock workers returned on Monday.", encoding="utf-8"
    )
    article = one(f)
    assert article.date == "2024-05-02"
    assert article.title == "Ports reopen after strike"
    assert "date" not in article.text
    start, end = article.original_span(0, len("Ports reopen after strike"))
    assert article.original[start:end] == "Ports reopen after strike"


def test_key_value_headers_then_title_line(tmp_path: Path):
    f = tmp_path / "b.md"
    f.write_text(
        "title: Budget passes\npublisher: Daily Ledger\ndate: 2023-11-30\n\n# Budget passes\n\nThe "
        "assembly voted 52-40.",
        encoding="utf-8",
    )
    article = one(f)
    assert (article.title, article.publisher, article.date) == ("Budget passes", "Daily Ledger", "2023-11-30")
    assert "#" not in article.text


def test_hard_wrapped_lines_are_joined_but_headings_stay_apart():
    text = (
        "Talks resume\nThe\nfinance minister said the plan was\nready. Officials agreed.\n"
        "Next steps\nThe council meets on Friday."
    )
    article = from_text(text)
    assert "The finance minister said the plan was ready." in article.text
    kinds = [article.text[b.start : b.end] for b in article.blocks]
    assert "Next steps" in kinds


def test_every_cleaned_span_maps_back_to_the_same_words_in_the_original(seed_files):
    for path in seed_files:
        article = one(path)
        for block in article.blocks:
            start, end = article.original_span(block.start, block.end)
            original = " ".join(article.original[start:end].split()).replace("“", '"').replace("”", '"')
            original = original.replace("’", "'").replace("‘", "'")
            assert original == " ".join(article.text[block.start : block.end].split())


def test_curly_quotes_are_straight_for_the_nlp_but_offsets_keep_the_original():
    article = from_text("Title\n\n“We are ready,” she said.")
    i = article.text.index('"We')
    start, end = article.original_span(i, i + 1)
    assert article.original[start:end] == "“"


def test_inline_html_tags_in_plain_text_are_blanked_and_offsets_still_hold():
    original = (
        'Vote count\n\n<i>Maria Lindqvist</i> said the <a href="https://x.example/a">count</a> was over.\n'
    )
    article = from_text(original)
    assert "<" not in article.text and "Maria Lindqvist said" in " ".join(article.text.split())
    start = article.text.index("Maria")
    o_start, o_end = article.original_span(start, start + len("Maria Lindqvist"))
    assert original[o_start:o_end] == "Maria Lindqvist"
    assert "a < b and c > d" in from_text("Maths\n\nShe wrote a < b and c > d in class.\n").text
    # What is extracted reads as the text, its evidence still the original characters.
    (claim,) = extract(article).claims
    assert (claim.speaker.name, claim.content.text) == ("Maria Lindqvist", "the count was over")
    assert (
        original[claim.content.start : claim.content.end]
        == 'the <a href="https://x.example/a">count</a> was over'
    )


def test_captions_credits_and_source_lists_are_not_article_text():
    text = (
        "Floods hit coast\n\nPhoto: Reuters/Jane Roe\n\nRivers rose overnight.\n\n"
        "Sources for this article include:\nAP.org\nExample.com"
    )
    article = from_text(text)
    assert "Photo" not in article.text and "AP.org" not in article.text
    assert "Rivers rose overnight." in article.text


def test_same_text_has_the_same_id_whatever_the_wrapping():
    assert from_text("Title\n\nOne two three.").id == from_text("Title\n\nOne  two\nthree.").id
    assert article_id("a b") != article_id("a c")


def test_html_main_text_is_extracted_without_scripts(tmp_path: Path):
    html = (
        "<html><head><title>Mayor backs plan</title><script>alert('x')</script></head><body>"
        "<article><h1>Mayor backs plan</h1><p>The mayor said on Monday that the city would expand bus "
        "lanes across the centre next year, a plan the council has debated for months.</p>"
        "<p>Critics said the plan would slow deliveries and raise costs for small shops in the area.</p>"
        "</article></body></html>"
    )
    f = tmp_path / "page.html"
    f.write_text(html, encoding="utf-8")
    article = one(f)
    assert "alert" not in article.text
    assert "bus lanes" in article.text
    assert article.title == "Mayor backs plan"


def test_jsonl_gives_one_article_per_line_and_names_the_bad_line(tmp_path: Path):
    f = tmp_path / "feed.jsonl"
    good = {
        "id": "x1",
        "title": "Rates held",
        "date": "2024-01-31",
        "publisher": "Wire",
        "url": "http://e.x/1",
        "text": "The central bank held rates, its governor said.",
    }
    f.write_text(
        json.dumps(good) + "\n{not json\n" + json.dumps({"title": "no text"}) + "\n", encoding="utf-8"
    )
    items = list(read_articles(f))
    assert len(items) == 3
    article, bad_json, no_text = items
    assert article.title == "Rates held" and article.publisher == "Wire" and article.date == "2024-01-31"
    assert isinstance(bad_json, ArticleError) and bad_json.source.endswith("feed.jsonl:2")
    assert "malformed JSON" in bad_json.reason
    assert isinstance(no_text, ArticleError) and no_text.source.endswith(":3")


def test_bad_bytes_in_one_jsonl_line_cost_that_line_only(tmp_path: Path):
    # The file was decoded whole: one line of Latin-1 (or a raw NUL) refused every article in it.
    def line(text: str) -> bytes:
        return json.dumps({"text": text}).encode()

    f = tmp_path / "feed.jsonl"
    f.write_bytes(
        b"\r\n".join(
            [
                line("Rates held\n\nThe central bank held rates, its governor said."),
                b'{"text": "Caf\xe9\\n\\nThe owner said prices rose."}',
                b'{"text": "Nul\x00\\n\\nThe owner said prices rose."}',
                line("Rates cut\n\nThe central bank cut rates, its governor said."),
            ]
        )
    )
    first, latin1, nul, last = read_articles(f)
    assert first.title == "Rates held" and last.title == "Rates cut"
    assert isinstance(latin1, ArticleError) and latin1.source == f"{f}:2" and "UTF-8" in latin1.reason
    assert isinstance(nul, ArticleError) and nul.source == f"{f}:3" and "binary" in nul.reason
    binary = tmp_path / "image.jsonl"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\n" + line("Rates held\n\nThe bank said so."))
    assert [e.source for e in read_articles(binary)] == [str(binary)]  # not JSONL: said once


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("latin1.txt", "Café résumé".encode("latin-1"), "UTF-8"),
        ("notes.pdf", b"%PDF-1.4", "unsupported"),
    ],
)
def test_bad_input_is_an_error_naming_the_file_and_the_reason(tmp_path: Path, name, content, reason):
    f = tmp_path / name
    f.write_bytes(content)
    error = one(f)
    assert isinstance(error, ArticleError)
    assert error.source == str(f)
    assert reason in str(error)


def test_a_huge_file_is_refused_before_parsing(tmp_path: Path):
    f = tmp_path / "huge.txt"
    f.write_bytes(b"word " * 1_200_000)
    error = one(f)
    assert isinstance(error, ArticleError) and "too large" in error.reason


def test_windows_line_endings_read_like_python_open(tmp_path: Path):
    f = tmp_path / "crlf.txt"
    f.write_bytes(b"Title\r\n\r\nThe minister said the plan was ready.\r\n")
    article = one(f)
    with open(f, encoding="utf-8") as handle:
        assert article.original == handle.read()


def test_a_long_run_of_one_symbol_is_shortened_but_offsets_still_point_at_the_original():
    original = "Title\n\nThe minister said " + "]" * 5000 + " the talks went well."
    article = from_text(original)
    assert "]" * 4 not in article.text
    i = article.text.index("the talks")
    start, end = article.original_span(i, i + len("the talks"))
    assert original[start:end] == "the talks"


def test_a_byte_order_mark_is_not_part_of_the_title(tmp_path: Path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffPeace talks resume\n\nThe talks resumed on Monday.".encode())
    (article,) = read_articles(path)
    assert article.title == "Peace talks resume"
    assert article.original.startswith("Peace")  # offsets count from the first character of text


@pytest.mark.parametrize(
    ("first", "is_title"),
    [
        ("Ferry Firms Agree to Cut Winter Fares on the Tarsk Crossing.", True),  # an archive's full stop
        ("Harbour Board Rejects Brenn's Plan.", True),
        ("The harbour board rejected the plan on Monday.", False),  # a sentence
        ("Ilse Varnik Spoke in Tarsk.", True),
        ("Dock workers in Tarsk returned to work on Monday after the strike.", False),
        ("On Monday Presidents Ilse Varnik of Arvenia and Tomas Brenn of Kestonia signed a pact.", False),
    ],
)
def test_a_first_line_in_title_case_is_the_headline_even_with_a_full_stop(first, is_title):
    article = from_text(f"{first}\n\nDock workers returned on Monday, the union said.", source="x.txt")
    assert (article.block_kind(0) == "title") is is_title, article.block_kind(0)


def test_a_file_name_that_is_not_utf8_does_not_cost_its_article(tmp_path: Path):
    # The name, read as surrogates, became the article's source: "storing failed: ValueError:
    # text that is not valid Unicode".
    import os

    from kg.ingest import ingest
    from kg.store import Store

    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text("Rates held\n\nThe central bank held rates, its governor said.")
    (article,) = read_articles(tmp_path / name)
    assert article.source == f"{tmp_path}/caf\\xe9.txt"
    with Store(str(tmp_path / "db")) as store:
        report = ingest([tmp_path / name], store)
        assert report.ok and len(report.ingested) == 1, report.failed


class _CountedBlocks(tuple):
    """An article's blocks that count how often the whole list is walked."""

    walks = 0

    def __iter__(self):
        type(self).walks += 1
        return super().__iter__()


def test_the_block_of_an_offset_is_found_without_walking_every_block_each_time():
    # block_kind is asked per sentence and per mention; it rebuilt the list of block starts at
    # each call, so an article of 20,000 one-word paragraphs took 36 s to extract and one of
    # 330,000 (an upload under 1 MB) held the service's write lock for hours.
    article = from_text("A title\n\n" + "Yes.\n\n" * 2_000, source="many.txt")
    blocks = _CountedBlocks(article.blocks)
    counted = type(article)(**{**article.__dict__, "blocks": blocks})
    kinds = [counted.block_kind(b.start) for b in article.blocks]
    assert kinds[0] == "title" and set(kinds[1:]) == {"body"}
    walks = _CountedBlocks.walks
    assert walks <= 1, f"the blocks were walked {walks} times for {len(kinds)} offsets"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("2025-02-18", "2025-02-18"),
        ("2025-02-18T10:00:00Z", "2025-02-18"),
        ("2025-13-45", None),
        ("2025-02-30", None),
    ],
)
def test_a_date_that_is_no_day_of_the_calendar_is_not_kept(given, kept):
    # "2025-13-45" became an ill-typed xsd:date: shown on the pages, but no since/until filter matched it.
    article = from_text("Ferry deal reached\n\nMayor Edda Varsk said the ferry would run again.", date=given)
    assert article.date == kept
    header = from_text(
        f"date: {given}\n\nFerry deal reached\n\nMayor Edda Varsk said the ferry would run again."
    )
    assert header.date == kept


def test_a_huge_title_publisher_or_url_given_apart_from_the_text_is_bounded():
    # A 4 MB title sent as JSON was repeated in every claim of /claims (4.5 MB each) and /view (20 MB).
    text = "Tunnel plan approved\n\nMayor Edda Varsk said the tunnel would open in June."
    article = from_text(
        text, title="Tunnel " * 600_000, publisher="P" * 500_000, url="https://x.test/" + "a" * 5_000
    )
    assert (
        len(article.title) <= 300
        and article.title.startswith("Tunnel Tunnel")
        and article.title.endswith("...")
    )
    assert len(article.publisher) <= 300 and article.url is None
    plain = from_text(text, title="Tunnel plan approved", publisher=" Daily  Ledger", url="https://x.test/a")
    assert (plain.title, plain.publisher, plain.url) == (
        "Tunnel plan approved",
        "Daily Ledger",
        "https://x.test/a",
    )
