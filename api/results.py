"""Content negotiation for /sparql: which of kg.sparql.results' formats a request gets.

SELECT and ASK answer in SPARQL JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE in Turtle,
N-Triples, JSON-LD or RDF/XML. The `Accept` header chooses (q-values honoured), or a `format`
parameter (json, xml, csv, tsv, turtle, ntriples, jsonld, or a media type) that overrides it.
"""

from __future__ import annotations

from kg.sparql.results import BY_NAME, FORMATS, GRAPH, RESULTS, Format

# Other names clients use for the same formats, per kind of answer.
_ALIASES = {
    RESULTS: {
        "application/json": "json",
        "application/xml": "xml",
        "text/xml": "xml",
        "sparql-results+json": "json",
    },
    GRAPH: {
        "json": "jsonld",
        "json-ld": "jsonld",
        "application/json": "jsonld",
        "ttl": "turtle",
        "application/x-turtle": "turtle",
        "nt": "ntriples",
        "n-triples": "ntriples",
        "text/plain": "ntriples",
        "xml": "rdfxml",
        "rdf+xml": "rdfxml",
    },
}


class NotAcceptable(ValueError):
    pass


def choose(form: str, accept: str | None, fmt: str | None = None) -> Format:
    """Return the format to answer a query of `form` in; raise NotAcceptable if none fits."""
    kind = GRAPH if form == "CONSTRUCT" else RESULTS
    if fmt:
        found = _lookup(kind, fmt.strip().lower())
        if found is None:
            raise NotAcceptable(f"format {fmt!r} does not fit a {form} query; use one of {_names(kind)}")
        return found
    ranges, refused = _parse_accept(accept or "")
    if not ranges and not refused:
        return _default(kind)
    # A format refused by name (q=0) is not one a wildcard stands for ("json;q=0, */*" got JSON).
    allowed = [f for f in FORMATS if f.kind == kind and f.media_type not in refused]
    allowed.sort(key=lambda f: f != _default(kind))
    for media_range in ranges:
        if media_range in ("*/*", "*"):
            match = next(iter(allowed), None)
        elif media_range.endswith("/*"):
            top = media_range[:-1]
            match = next((f for f in allowed if f.media_type.startswith(top)), None)
        else:
            match = _lookup(kind, media_range)
        if match is not None:
            return match
    raise NotAcceptable(
        f"cannot answer a {form} query as {accept!r}; acceptable: "
        + ", ".join(f.media_type for f in FORMATS if f.kind == kind)
    )


def acceptable(accept: str | None, fmt: str | None = None) -> bool:
    """Whether any kind of answer could be given in the format asked for."""
    for form in ("SELECT", "CONSTRUCT"):
        try:
            choose(form, accept, fmt)
            return True
        except NotAcceptable:
            continue
    return False


def _lookup(kind: str, name: str) -> Format | None:
    name = name.split(";", 1)[0].strip()
    found = BY_NAME.get(_ALIASES[kind].get(name, name))
    if found is None:
        found = next((f for f in FORMATS if f.media_type == name), None)
    return found if found is not None and found.kind == kind else None


def accepts_html(accept: str | None) -> bool:
    """Whether Accept names HTML without refusing it (text/html;q=0)."""
    return any(media in ("text/html", "application/xhtml+xml") for media in _parse_accept(accept or "")[0])


def _parse_accept(accept: str) -> tuple[list[str], set[str]]:
    """Return the media ranges of an Accept header, most wanted first, and the media types it
    refuses (q=0), each as the format's own media type where it is an alias of one."""
    ranges, refused = [], set()
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, media.count("*"), position, media.lower()))
        elif "*" in media:  # "*/*;q=0": nothing is acceptable unless named
            refused.add(media)
        else:
            refused.update(f.media_type for kind in (RESULTS, GRAPH) if (f := _lookup(kind, media.lower())))
    return [media for *_, media in sorted(ranges)], refused


def _default(kind: str) -> Format:
    return BY_NAME["json" if kind == RESULTS else "turtle"]


def _names(kind: str) -> str:
    return ", ".join(f.name for f in FORMATS if f.kind == kind)
