"""File formats for the roster: Excel, and CSV as Chinese offices actually save it.

Excel on a Chinese Windows saves "CSV" in GBK, other tools in UTF-8 with or without a byte-order
mark; this CSV reads all three. It writes UTF-8 with a byte-order mark, which Excel opens
without garbling the Chinese headers. Both escape formula-looking text on export
(cppcc.export_formats).
"""

from __future__ import annotations

import tablib

from cppcc import export_formats


class RosterCSV(export_formats.CSV):
    def is_binary(self):
        # Read raw bytes so the encoding can be detected rather than assumed.
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            try:
                in_stream = in_stream.decode("utf-8-sig")
            except UnicodeDecodeError:
                in_stream = in_stream.decode("gb18030")
        return export_formats.unescaped_dataset(
            tablib.import_set(in_stream, format="csv", **kwargs)
        )

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + super().export_data(dataset, **kwargs)


ROSTER_FORMATS = [export_formats.XLSX, RosterCSV]
