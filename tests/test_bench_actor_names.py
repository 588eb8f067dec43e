"""bench.actor_names reads a folder's articles, not the notes kept beside them."""

from __future__ import annotations

from bench.actor_names import articles_in


def test_a_folder_s_notes_are_skipped_but_a_file_named_itself_is_read(tmp_path):
    (tmp_path / "articles").mkdir()
    article = "Ferry talks\n\nOfficials said the ferry would run."
    (tmp_path / "articles" / "ferry_talks.txt").write_text(article)
    (tmp_path / "SOURCES.md").write_text("# Sources\n\nWhere each article comes from.")
    (tmp_path / "notes.md").write_text("# Ferry notes\n\nThe minister said fares would rise.")
    files, notes = articles_in([str(tmp_path)])
    assert [f.name for f in files] == ["ferry_talks.txt", "notes.md"]
    assert [f.name for f in notes] == ["SOURCES.md"]
    files, notes = articles_in([str(tmp_path / "SOURCES.md")])
    assert [f.name for f in files] == ["SOURCES.md"] and notes == []
