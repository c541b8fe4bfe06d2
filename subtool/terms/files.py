"""A glossary file's content, CSV or TBX, into a ``Glossary``."""

from __future__ import annotations

from collections.abc import Sequence

from subtool.core.errors import GlossaryError
from subtool.languages import DEFAULT_MASTER
from subtool.terms.glossary import Glossary


def parse_file(data: bytes, *, path: str, source: str = DEFAULT_MASTER, tbx: bool = False,
               languages: Sequence[str] = ()) -> Glossary:
    """A glossary file's content: CSV, or TBX; errors name row and column.

    ``languages`` (the project's) lets a TBX file's regional tags (``en-US``) map to them.
    """
    try:
        # MultiTerm and other CAT tools often save TBX as UTF-16 with a byte order mark.
        text = data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") \
            else data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data.count(b"\n", 0, exc.start) + 1
        raise GlossaryError("is not UTF-8 text", path=path, row=row,
                            hint="save it as 'CSV UTF-8' in the spreadsheet program") from None
    if tbx:
        from subtool.terms.tbx import parse_tbx  # noqa: PLC0415

        return parse_tbx(text, path=path, source=source, languages=tuple(languages))
    from subtool.terms.csvfile import parse_csv  # noqa: PLC0415

    return parse_csv(text, path=path, source=source)
