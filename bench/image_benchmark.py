"""How long an upload takes to go through the image pipeline, and the memory it needs.

    .venv/bin/python bench/image_benchmark.py

A photo-like picture is made and saved as an editor would upload it; then a fresh process (so its
peak RSS is the pipeline's own) reads the file and runs ``pipeline.check`` (decode under limits, turn
upright, strip, convert) and ``pipeline.encode`` (master, AVIF/WebP/JPEG renditions, social card).
Nothing is stored. Figures go to docs/benchmarks.md.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = {
    # name: (use, width, height, upload format)
    "hero, 2400 × 1350 JPEG (an edited photo)": ("hero", 2400, 1350, "JPEG"),
    "hero, 6000 × 4000 JPEG (24 Mpx, straight from a camera)": ("hero", 6000, 4000, "JPEG"),
    "hero, 4000 × 3000 PNG (12 Mpx screenshot-style file)": ("hero", 4000, 3000, "PNG"),
    "body picture, 1600 × 1067 JPEG": ("body", 1600, 1067, "JPEG"),
    "player photo, 800 × 1000 JPEG": ("player", 800, 1000, "JPEG"),
    "refused: a 12000 × 12000 PNG header (bomb)": ("hero", 12000, 12000, "bomb"),
}


def peak_rss_mb():
    """The process's high-water RSS (VmHWM: unlike ru_maxrss, it starts afresh in a new program)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return 0


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()


def make_upload(name):
    from tests.image_files import encode, photo, png_header_only

    _use, width, height, fmt = CASES[name]
    if fmt == "bomb":
        return png_header_only(width, height)
    return encode(photo(width, height), fmt, **({"quality": 90} if fmt == "JPEG" else {}))


def run_case(name, path):
    setup_django()
    from django.core.files.base import ContentFile

    from images import pipeline, specs

    use = CASES[name][0]
    data = Path(path).read_bytes()
    rss_before = peak_rss_mb()
    cpu, wall = time.process_time(), time.perf_counter()
    try:
        picture = pipeline.check(ContentFile(data), specs.USES[use])
    except pipeline.ImageRefused as refused:
        result = {"refused": refused.messages[0]}
        checked = encoded = time.perf_counter()
    else:
        checked = time.perf_counter()
        files = pipeline.encode(picture, specs.USES[use])
        encoded = time.perf_counter()
        result = {"files": len(files), "stored_kb": sum(map(len, files.values())) // 1024}
    result |= {
        "upload_kb": len(data) // 1024,
        "check_s": round(checked - wall, 2),
        "encode_s": round(encoded - checked, 2),
        "cpu_s": round(time.process_time() - cpu, 2),
        "peak_rss_mb": peak_rss_mb(),
        "rss_before_mb": rss_before,
    }
    print(json.dumps(result))


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--case":
        return run_case(sys.argv[2], sys.argv[3])
    setup_django()
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    print("| upload | size | check | encode | CPU | files written | peak RSS |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name in CASES:
        with tempfile.NamedTemporaryFile() as upload:
            upload.write(make_upload(name))
            upload.flush()
            out = subprocess.run(
                [sys.executable, __file__, "--case", name, upload.name],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        written = (
            f"{r['files']} ({r['stored_kb']:,} KB)" if "files" in r else f"refused: {r['refused'][:40]}…"
        )
        print(
            f"| {name} | {r['upload_kb']:,} KB | {r['check_s']} s | {r['encode_s']} s | {r['cpu_s']} s "
            f"| {written} | {r['peak_rss_mb']} MB (from {r['rss_before_mb']}) |"
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
