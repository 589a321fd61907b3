#!/usr/bin/env bash
# Build an offline character 5-gram language model for pycorrector's kenlm Corrector (the peer in
# benchmarks/bench_pycorrector.py and bench_engine.py --pycorrector-lm). pycorrector downloads a
# 2.95 GB model at first use; offline, it takes `language_model_path=` instead.
#
#   bash benchmarks/build_char_lm.sh [WORKDIR]      # default WORKDIR=/tmp/pclm; run as root (apt-get)
#
# 1. Corpus (about 3.8M characters, 9.7 MB): Debian's Simplified-Chinese documentation packages
#    (manual pages, Debian reference, FAQ, maintainers' guide, Debian Edu manuals, LibreOffice, GIMP,
#    KiCad, LilyPond and LinuxCNC help, the TeX Live Chinese manuals), the zh-CN parts of multilingual
#    packages (Debian Administrator's Handbook, GNOME help, the Wesnoth and Freeciv message catalogues),
#    and the zh-TW packages and parts converted to Simplified with OpenCC (tw2sp). Each package is
#    fetched with `apt-get download` and unpacked with `dpkg -x`; nothing is installed. HTML/Mallard,
#    troff, .mo catalogues (the translations only) and PDF (only where no HTML of the same document
#    exists) are reduced to text and split into sentences. A sentence is kept when it has at least 6
#    Han characters and they are at least 60% of its units (an ASCII run counts as one unit).
#    Duplicates are dropped, because help pages repeat boilerplate.
# 2. Tokens: every non-space character is one token (pycorrector scores `' '.join(chars)`).
# 3. Model: KenLM's lmplz, built from the sdist (KENLM_SDIST, default /tmp/klm/kenlm-0.3.0.tar.gz)
#    unless KENLM_BIN points at a folder with lmplz and build_binary. Order ORDER (default 5); n-grams
#    seen once are pruned from order 3 up (PRUNE, default "0 0 1"). build_binary then writes a KenLM
#    trie with 8-bit quantisation (8 MB), which pycorrector's kenlm.Model loads directly.
#
# Outputs: WORKDIR/corpus.txt (one sentence a line), corpus.chars.txt (tokens), zh_char.arpa,
# zh_char.klm, stats.txt (characters per package). About a minute once the packages are downloaded.
set -euo pipefail

WORK=${1:-/tmp/pclm}
ORDER=${ORDER:-5}
PRUNE=${PRUNE:-"0 0 1"}
KENLM_SDIST=${KENLM_SDIST:-/tmp/klm/kenlm-0.3.0.tar.gz}
PYTHON=${PYTHON:-python3}
PACKAGES=(manpages-zh debian-reference-zh-cn debian-faq-zh-cn maint-guide-zh-cn debian-edu-doc-zh-cn
          debian-edu-doc-legacy-zh-cn libreoffice-help-zh-cn gimp-help-zh-cn kicad-doc-zh
          lilypond-doc-html-zh linuxcnc-doc-zh-cn texlive-lang-chinese
          debian-handbook gnome-user-docs gnome-devel-docs wesnoth-1.16-data freeciv-data
          libreoffice-help-zh-tw debian-reference-zh-tw maint-guide-zh-tw)

mkdir -p "$WORK/debs" "$WORK/x"
[ -n "${SKIP_APT_UPDATE:-}" ] || apt-get update -qq
command -v pdftotext >/dev/null || apt-get install -y poppler-utils
command -v opencc >/dev/null || apt-get install -y opencc

# ---- 1. fetch and unpack ----------------------------------------------------------------------------
(cd "$WORK/debs" && for p in "${PACKAGES[@]}"; do ls "${p}"_*.deb >/dev/null 2>&1 || apt-get download "$p"; done)
for d in "$WORK"/debs/*.deb; do
  n=$(basename "$d" | cut -d_ -f1)
  [ -d "$WORK/x/$n" ] || { mkdir -p "$WORK/x/$n"; dpkg -x "$d" "$WORK/x/$n"; }
done

# ---- 2. text, sentences, filter, dedupe, character tokens --------------------------------------------
"$PYTHON" - "$WORK" <<'PY'
import gettext, gzip, html, html.parser, re, subprocess, sys
from pathlib import Path

work = Path(sys.argv[1])
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
WORDISH = re.compile(r"[A-Za-z0-9_.\-/]+|\S")  # an ASCII run counts as one unit for the Han share
BLOCK = {"p", "div", "br", "li", "dt", "dd", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
         "pre", "title", "table", "ul", "ol", "section", "blockquote", "caption", "figcaption"}
SKIP = {"script", "style", "pre"}


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self.skip += 1
        if tag in BLOCK:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in SKIP and self.skip:
            self.skip -= 1
        if tag in BLOCK:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data.replace("\n", " "))


def from_html(p):
    t = Text()
    t.feed(p.read_text(encoding="utf-8", errors="replace"))
    return "".join(t.out)


ESC = re.compile(r"\\f[BIRP1-4]|\\f\(..|\\\(..|\\[&|^~%:]|\\s[-+]?\d|\\-|\\e|\\c")
FONT_MACROS = (".B", ".I", ".SH", ".SS", ".BR", ".IR", ".RB", ".RI", ".BI", ".IB", ".TP")


def from_man(p):
    raw = gzip.open(p, "rb").read()
    for enc in ("utf-8", "gb18030", "big5"):
        try:
            src = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        return ""
    lines = []
    for ln in src.splitlines():
        if ln.startswith((".\\\"", "'\\\"")):
            continue
        if ln.startswith("."):  # a request: keep the text of font macros (.B, .I, .SH ...)
            parts = ln.split(None, 1)
            if len(parts) == 2 and parts[0] in FONT_MACROS:
                lines.append(parts[1].replace('"', ""))
            lines.append("\n")
            continue
        lines.append(ESC.sub("", ln))
    return "\n".join(lines)


def from_pdf(p):
    txt = subprocess.run(["pdftotext", "-enc", "UTF-8", str(p), "-"], capture_output=True, text=True).stdout
    # a line broken by the layout inside a Chinese sentence is joined again
    return re.sub(r"(?<=[\u4e00-\u9fff，、；：])\n(?=[\u4e00-\u9fff])", "", txt)


def from_mo(p):
    with p.open("rb") as fh:
        cat = gettext.GNUTranslations(fh)._catalog
    return "\n".join(v for k, v in cat.items() if k and isinstance(v, str))


def variant(pkg, f):
    """'cn', 'tw' (converted to Simplified with OpenCC) or None (another language)."""
    low = str(f).lower()
    if pkg.endswith("-zh-tw") or "zh_tw" in low or "zh-tw" in low:
        return "tw"
    if pkg in MULTI:
        return "cn" if any(x.lower() in ("zh_cn", "zh-cn") for x in f.parts) else None
    return "cn"


# multilingual packages: only their Chinese parts (zh_CN, and zh_TW converted)
MULTI = {"debian-handbook", "gnome-user-docs", "gnome-devel-docs", "wesnoth-1.16-data", "freeciv-data"}
SENT = re.compile(r"[^。！？；\n]*[。！？；]?")
raw = {"cn": [], "tw": []}
for pkg_dir in sorted((work / "x").iterdir()):
    pkg = pkg_dir.name
    for f in sorted(pkg_dir.rglob("*")):
        if not f.is_file():
            continue
        v = variant(pkg, f)
        if v is None:
            continue
        if f.suffix in (".html", ".htm", ".xhtml", ".page"):
            fn = from_html
        elif f.suffix == ".gz" and "/man/zh_" in str(f):
            fn = from_man
        elif f.suffix == ".mo":
            fn = from_mo
        elif f.suffix == ".pdf" and not any(f.with_suffix(s).exists() for s in (".html", ".htm")):
            fn = from_pdf
        else:
            continue
        try:
            text = html.unescape(fn(f))
        except Exception as exc:  # a broken file is skipped, not fatal
            print(f"skip {f}: {exc}", file=sys.stderr)
            continue
        for line in text.split("\n"):
            for s in SENT.findall(line):
                s = re.sub(r"\s+", " ", s).strip()
                if len(HAN.findall(s)) >= 6:
                    raw[v].append((pkg, s))

# Traditional -> Simplified (Taiwan phrasing -> mainland phrasing) in one OpenCC call
if raw["tw"]:
    src = work / "tw.txt"
    src.write_text("\n".join(s for _, s in raw["tw"]) + "\n", encoding="utf-8")
    subprocess.run(["opencc", "-c", "tw2sp.json", "-i", str(src), "-o", str(work / "tw2sp.txt")], check=True)
    conv = (work / "tw2sp.txt").read_text(encoding="utf-8").split("\n")
    raw["tw"] = [(pkg + " (zh-TW→zh-CN)", c) for (pkg, _), c in zip(raw["tw"], conv)]

seen, kept, chars_by_pkg = set(), [], {}
for pkg, s in raw["cn"] + raw["tw"]:
    body = s.replace(" ", "") if not re.search(r"[A-Za-z0-9] [A-Za-z0-9]", s) else s
    han = len(HAN.findall(body))
    units = len(WORDISH.findall(body.replace(" ", "")))
    if han < 6 or han < 0.6 * units or body in seen:
        continue
    seen.add(body)
    kept.append(body)
    chars_by_pkg[pkg] = chars_by_pkg.get(pkg, 0) + len(body)

(work / "corpus.txt").write_text("\n".join(kept) + "\n", encoding="utf-8")
with (work / "corpus.chars.txt").open("w", encoding="utf-8") as fh:
    for s in kept:
        fh.write(" ".join(ch for ch in s if not ch.isspace()) + "\n")
total = sum(chars_by_pkg.values())
lines = [f"{k}: {v} characters" for k, v in sorted(chars_by_pkg.items())]
lines.append(f"total: {len(kept)} sentences, {total} characters, "
             f"{sum(len(HAN.findall(s)) for s in kept)} Han, {len(set(''.join(kept)))} distinct characters, "
             f"{(work / 'corpus.txt').stat().st_size / 1e6:.1f} MB UTF-8")
(work / "stats.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
print("\n".join(lines))
PY

# ---- 3. KenLM: lmplz and build_binary ------------------------------------------------------------------
if [ -z "${KENLM_BIN:-}" ]; then
  KENLM_BIN=$WORK/kenlm/build/bin
  if [ ! -x "$KENLM_BIN/lmplz" ]; then
    apt-get install -y cmake build-essential libboost-program-options-dev libboost-system-dev \
      libboost-thread-dev libboost-test-dev zlib1g-dev libbz2-dev liblzma-dev
    mkdir -p "$WORK/kenlm"
    tar xzf "$KENLM_SDIST" -C "$WORK/kenlm" --strip-components=1
    mkdir -p "$WORK/kenlm/build"
    (cd "$WORK/kenlm/build" && cmake .. -DCMAKE_BUILD_TYPE=Release && make -j"$(nproc)" lmplz build_binary query)
  fi
fi
# shellcheck disable=SC2086
"$KENLM_BIN/lmplz" -o "$ORDER" --prune $PRUNE -S 40% -T "$WORK" --discount_fallback \
  <"$WORK/corpus.chars.txt" >"$WORK/zh_char.arpa"
"$KENLM_BIN/build_binary" -q 8 -b 8 trie "$WORK/zh_char.arpa" "$WORK/zh_char.klm"
ls -l "$WORK/zh_char.arpa" "$WORK/zh_char.klm" | tee -a "$WORK/stats.txt"
