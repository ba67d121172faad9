"""Packs a folder into a zip with sorted entries and fixed timestamps, so that the same files
always give the same zip (the standard `zip` tool stores each file's modification time).

    python3 scripts/zip_dir.py FOLDER OUT.zip

Entries are stored under the folder's own name, as a user expects when unzipping.
"""

import os
import sys
import zipfile

# 1 January 2026: a fixed date for every entry.
STAMP = (2026, 1, 1, 0, 0, 0)


def main() -> None:
    folder, out = sys.argv[1], sys.argv[2]
    base = os.path.basename(os.path.normpath(folder))
    paths = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            paths.append(os.path.join(root, name))
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for path in paths:
            arc = os.path.join(base, os.path.relpath(path, folder)).replace(os.sep, "/")
            info = zipfile.ZipInfo(arc, date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            # rwx for the program, rw for the rest.
            mode = 0o755 if os.access(path, os.X_OK) else 0o644
            info.external_attr = (0o100000 | mode) << 16
            with open(path, "rb") as f:
                z.writestr(info, f.read())


if __name__ == "__main__":
    main()
