"""The review page: one self-contained HTML file (inline CSS and JS, nothing fetched).

For every file: the original and the corrected text side by side, each applied change highlighted
on both sides and explained (rule, confidence, applicability, why), then the suggestions left for a
person. Filters by rule and by minimum confidence, counts per rule, an index of files, and keyboard
navigation between findings (j/n next, k/p previous).
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..positions import LineIndex

if TYPE_CHECKING:
    from ..engine import AppliedChange, FixOutcome
    from ..model import Finding

FONTS = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
         '"WenQuanYi Micro Hei", sans-serif')
CONTEXT = 12

CSS = """
*{box-sizing:border-box}
body{font-family:@FONTS@;margin:0;color:#1f2328;background:#f6f8fa;line-height:1.7}
header{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid #d0d7de;padding:.5em 1em}
h1{font-size:1.2em;margin:.2em 0}h2{font-size:1.1em;margin:1em 0 .4em}
main{padding:0 1em 3em}
.filters label{margin-right:1em;white-space:nowrap}
.count{color:#57606a;font-size:.9em}
.panes{display:grid;grid-template-columns:1fr 1fr;gap:1em}
.pane{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:.6em .8em;white-space:pre-wrap;
 word-break:break-all;max-height:65vh;overflow:auto}
.pane h3{margin:0 0 .3em;font-size:.95em;color:#57606a;white-space:normal}
del.chg{background:#ffd7d5;text-decoration:line-through;text-decoration-color:#cf222e}
ins.chg{background:#ccffd8;text-decoration:none}
.chg.empty{color:#cf222e;font-weight:bold}
.chg.off{background:none;text-decoration:none;color:inherit;font-weight:inherit}
.current{outline:3px solid #0969da;outline-offset:1px}
table{border-collapse:collapse;width:100%;background:#fff;margin-top:.6em}
td,th{border:1px solid #d0d7de;padding:.25em .5em;text-align:left;vertical-align:top}
tr.item{cursor:pointer}tr.item.off{display:none}
code{font-family:@FONTS@;background:#eaeef2;border-radius:3px;padding:0 .2em}
.nl{color:#8c959f}
kbd{border:1px solid #d0d7de;border-radius:3px;padding:0 .3em;background:#f6f8fa}
""".replace("@FONTS@", FONTS)

JS = """
(function(){
  var items = Array.prototype.slice.call(document.querySelectorAll('tr.item'));
  var cur = null;
  function visible(){ return items.filter(function(e){ return !e.classList.contains('off'); }); }
  function apply(){
    var rules = {};
    document.querySelectorAll('input.rule').forEach(function(e){ rules[e.value] = e.checked; });
    var min = parseFloat(document.getElementById('minconf').value);
    document.getElementById('minconf-val').textContent = min.toFixed(2);
    document.querySelectorAll('[data-rule]').forEach(function(e){
      var ok = rules[e.dataset.rule] && parseFloat(e.dataset.conf) >= min - 1e-9;
      e.classList.toggle('off', !ok);
    });
    document.getElementById('shown').textContent = visible().length;
  }
  function select(row){
    document.querySelectorAll('.current').forEach(function(e){ e.classList.remove('current'); });
    cur = row;
    row.classList.add('current');
    document.querySelectorAll('.chg[data-ref="' + row.dataset.ref + '"]').forEach(function(e){
      e.classList.add('current'); e.scrollIntoView({block: 'center'});
    });
    row.scrollIntoView({block: 'nearest'});
  }
  function go(step){
    var v = visible();
    if (!v.length) return;
    var i = cur ? v.indexOf(cur) : -1;
    i = i < 0 ? (step > 0 ? 0 : v.length - 1) : (i + step + v.length) % v.length;
    select(v[i]);
  }
  document.addEventListener('keydown', function(ev){
    if (ev.target.tagName === 'INPUT' || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === 'j' || ev.key === 'n') { go(1); ev.preventDefault(); }
    else if (ev.key === 'k' || ev.key === 'p') { go(-1); ev.preventDefault(); }
  });
  document.querySelectorAll('input.rule, #minconf').forEach(function(e){ e.addEventListener('input', apply); });
  items.forEach(function(r){ r.addEventListener('click', function(){ select(r); }); });
  document.querySelectorAll('.chg[data-ref]').forEach(function(m){
    m.addEventListener('click', function(){
      var row = document.querySelector('tr.item[data-ref="' + m.dataset.ref + '"]');
      if (row) select(row);
    });
  });
  window.jiaokan = {next: function(){ go(1); }, previous: function(){ go(-1); }, apply: apply};
  apply();
})();
"""


def _e(s: str) -> str:
    return html.escape(s, quote=True)


def _show(s: str) -> str:
    """Text for a highlighted fragment: newlines and tabs visible."""
    return _e(s).replace("\n", '<span class="nl">↵</span>\n').replace("\t", "→\t")


def _attrs(ref: str, f: Finding, why: str) -> str:
    return (f'data-ref="{ref}" data-rule="{_e(f.code)}" data-conf="{f.confidence:.3f}" '
            f'title="{_e(why)}"')


def _why(f: Finding) -> str:
    return (f"{f.code} {f.name} · confidence {f.confidence:.2f} · {f.applicability.label} — {f.message}"
            + (f" ({f.note})" if f.note else ""))


def _panes(out: FixOutcome, fid: str) -> tuple[str, str]:
    src = out.doc.text
    left: list[str] = []
    right: list[str] = []
    pos = 0
    for n, c in enumerate(out.changes):
        ref = f"{fid}-c{n}"
        attrs = _attrs(ref, c.finding, _why(c.finding))
        start = max(c.span.start, pos)
        left.append(_e(src[pos:start]))
        right.append(_e(src[pos:start]))
        old = src[start:max(start, c.span.end)]
        left.append(f'<del class="chg{"" if old else " empty"}" id="{ref}" {attrs}>{_show(old) or "‸"}</del>')
        right.append(f'<ins class="chg{"" if c.replacement else " empty"}" {attrs}>'
                     f'{_show(c.replacement) or "‸"}</ins>')
        pos = max(start, c.span.end)
    left.append(_e(src[pos:]))
    right.append(_e(src[pos:]))
    rebuilt = _rebuild(src, out.changes)
    if rebuilt != out.text:  # overlapping changes of several passes: show the corrected text plainly
        right = [_e(out.text)]
    return "".join(left), "".join(right)


def _rebuild(src: str, changes: Sequence[AppliedChange]) -> str:
    parts, pos = [], 0
    for c in changes:
        if c.span.start < pos:
            return ""
        parts += [src[pos:c.span.start], c.replacement]
        pos = c.span.end
    return "".join(parts) + src[pos:]


def _ctx(text: str, start: int, end: int, new: str | None = None) -> str:
    left = _e(text[max(0, start - CONTEXT):start])
    right = _e(text[end:end + CONTEXT])
    mid = f"<del>{_show(text[start:end])}</del>" if new is not None else f"<b>{_show(text[start:end])}</b>"
    if new is not None:
        mid += f"<ins>{_show(new)}</ins>"
    return f"…{left}{mid}{right}…"


def _section(i: int, out: FixOutcome) -> str:
    fid = f"f{i}"
    path = out.doc.path
    left, right = _panes(out, fid)
    src_index, new_index = LineIndex(out.doc.text), LineIndex(out.text)
    rows = []
    for n, c in enumerate(out.changes):
        f = c.finding
        line, col = src_index.line_col(c.span.start)
        rows.append(
            f'<tr class="item" data-ref="{fid}-c{n}" data-rule="{_e(f.code)}" data-conf="{f.confidence:.3f}">'
            f"<td>{line}:{col}</td><td><code>{_e(f.code)}</code> {_e(f.name)}</td>"
            f"<td>{_ctx(out.doc.text, c.span.start, c.span.end, c.replacement)}</td>"
            f"<td>{f.confidence:.2f}</td><td>{f.applicability.label}</td>"
            f"<td>{_e(f.message)}{(' — ' + _e(f.note)) if f.note else ''}</td></tr>")
    sugg = []
    for n, f in enumerate(out.remaining):
        line, col = new_index.line_col(f.span.start)
        cands = " | ".join(_e(s) for s in f.suggestions if s) or "—"
        sugg.append(
            f'<tr class="item suggestion" data-ref="{fid}-s{n}" data-rule="{_e(f.code)}" '
            f'data-conf="{f.confidence:.3f}"><td>{line}:{col}</td><td><code>{_e(f.code)}</code> {_e(f.name)}</td>'
            f"<td>{_ctx(out.text, f.span.start, f.span.end)} → {cands}</td><td>{f.confidence:.2f}</td>"
            f"<td>{f.applicability.label}</td><td>{_e(f.message)}</td></tr>")
    counts = Counter(c.finding.code for c in out.changes) + Counter(f.code for f in out.remaining)
    per_rule = ", ".join(f"<code>{_e(k)}</code> {v}" for k, v in sorted(counts.items())) or "none"
    head = "<tr><th>at</th><th>rule</th><th>change</th><th>confidence</th><th>fix</th><th>why</th></tr>"
    return (f'<section id="{fid}" class="file"><h2>{_e(path)}</h2>'
            f'<p class="count"><span class="n-changes">{len(out.changes)}</span> change(s) applied, '
            f'<span class="n-suggestions">{len(out.remaining)}</span> suggestion(s); by rule: {per_rule}</p>'
            f'<div class="panes"><div class="pane orig"><h3>original</h3>{left}</div>'
            f'<div class="pane fixed"><h3>corrected</h3>{right}</div></div>'
            f'<h3>changes</h3><table class="changes">{head}{"".join(rows)}</table>'
            + (f'<h3>suggestions (not applied)</h3><table class="suggestions">{head}{"".join(sugg)}</table>'
               if sugg else "")
            + "</section>")


def render(outcomes: Sequence[FixOutcome], title: str = "jiaokan review") -> str:
    """The whole review page for ``outcomes`` (one section per file, with an index)."""
    outcomes = list(outcomes)
    totals: Counter[str] = Counter()
    for out in outcomes:
        totals.update(c.finding.code for c in out.changes)
        totals.update(f.code for f in out.remaining)
    boxes = "".join(f'<label><input type="checkbox" class="rule" value="{_e(code)}" checked> '
                    f"<code>{_e(code)}</code> {n}</label>" for code, n in sorted(totals.items()))
    index = "".join(f'<tr><td><a href="#f{i}">{_e(o.doc.path)}</a></td><td>{len(o.changes)}</td>'
                    f"<td>{len(o.remaining)}</td></tr>" for i, o in enumerate(outcomes))
    n_items = sum(len(o.changes) + len(o.remaining) for o in outcomes)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
        f'<header><h1>{_e(title)}</h1><div class="filters">{boxes}'
        '<label>min confidence <input type="range" id="minconf" min="0" max="1" step="0.05" value="0"> '
        '<span id="minconf-val">0.00</span></label>'
        f'<span class="count"><span id="shown">{n_items}</span> of {n_items} shown · '
        "<kbd>j</kbd>/<kbd>k</kbd> next/previous</span></div></header><main>"
        f'<table class="index"><tr><th>file</th><th>changes</th><th>suggestions</th></tr>{index}</table>'
        + "".join(_section(i, o) for i, o in enumerate(outcomes))
        + f"</main><script>{JS}</script></body></html>\n"
    )
