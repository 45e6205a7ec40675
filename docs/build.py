"""Build effai's docs site from the notebooks, offline: `python docs/build.py` writes `_site/` (`_site/index.html`).

1. nbdev's `proc_nbs` processes `nbs/` into `_proc/` as `nbdev-docs` would, without Quarto: it drops `#| hide` cells,
   strips the directives, and adds and runs `show_doc` for every exported name. It executes every cell that holds an
   import (keep imports in cells of their own), except, here, cells flagged `slow` or `cuda` (`tst_flags`), which keep
   the outputs of their last real run, as in the tests.
2. Each processed notebook becomes one Markdown page named by its `output-file` (`nbs/04_learner.ipynb` ->
   `learner.html`, as on nbdev's own sites): its title and summary, code, and outputs (text, tables, Markdown,
   PNG/JPEG/SVG images written as files). Quarto-only markup is handled here: `#| echo: false` hides a cell's code,
   `#| output: asis` output is Markdown, `{target=...}` attributes go through `attr_list`, and links to
   `https://effai.github.io/effai/x.html`, `x.html` or `NN_x.ipynb` become links between pages.
3. mkdocs + mkdocs-material build the site, one nav entry per notebook in notebook order, with `font: false` (no
   Google Fonts). A link to a missing page or file fails the build; one to a missing anchor (e.g. a method without its
   own `show_doc`, which nbdev links from `` `Class.method` ``) is printed as a warning.

Where Quarto is installed, `nbdev-docs` still renders the same notebooks the Quarto way (into `docs/`).
"""
import base64, json, logging, os, re, shutil, sys, tempfile, time
from pathlib import Path
import yaml

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT/'_site'
CSS = """.summary { font-size: 1.15em; color: var(--md-default-fg-color--light); }
.md-typeset table:not([class]) { font-size: .7rem; }
.md-typeset .output { border-left: 3px solid var(--md-default-fg-color--lightest); padding-left: .6em; }
.md-typeset .output pre > code { background: transparent; }
"""

def front_matter(cells):
    "The front matter that `proc_nbs` puts in a processed notebook's first cell (title, description, output-file)"
    raw = bool(cells) and cells[0]['cell_type'] == 'raw' and ''.join(cells[0]['source']).strip()
    return (yaml.safe_load(raw.strip('-')) or {}) if raw and raw.startswith('---') else {}

def page_name(nb, fm):
    "Page stem of a processed notebook: its `output-file` (`learner` for `04_learner.ipynb`)"
    return Path(fm.get('output-file') or re.sub(r'^\d+[a-zA-Z0-9]*_', '', nb.stem)).stem

def fence(text, lang=''):
    "`text` as a fenced code block, its fence longer than any backtick run inside"
    ticks = '`' * max(3, 1 + max((len(m) for m in re.findall('`+', text)), default=0))
    return f"{ticks}{lang}\n{text.rstrip()}\n{ticks}"

def fix_links(md, nb2page, home):
    "Links to this site's pages (absolute, `x.html`, `NN_x.ipynb`) as relative links: to `x.md` in Markdown, for mkdocs"
    def fix(m):
        pre, url = m.group(1), m.group(2).removeprefix(home) or 'index.html'
        page = re.fullmatch(r'([\w.-]+)\.(html|ipynb)(#.*)?', url)
        if not page or page[2] == 'ipynb' and page[1] not in nb2page: return pre + url
        ext = '.md' if pre == '](' else '.html'  # mkdocs checks Markdown links and turns them into `.html` ones
        return f"{pre}{nb2page.get(page[1], page[1]) if page[2] == 'ipynb' else page[1]}{ext}{page[3] or ''}"
    return re.sub(r'(\]\(|href=")([^)"\s]+)', fix, md)

def directives(src):
    "Quarto directives left in a processed cell (`#| echo: false`), and the source without them"
    lines, dirs = src.splitlines(), {}
    while lines and (d := re.match(r'#\|\s*([\w-]+)\s*:\s*(.*)', lines[0])):
        dirs[d[1]] = d[2].strip().lower(); lines.pop(0)
    return dirs, '\n'.join(lines)

def output_md(o, dirs, imgs):
    "Markdown for one cell output; images are saved into `imgs` (folder, name prefix, counter)"
    if o['output_type'] == 'stream': return fence(''.join(o['text']))
    if o['output_type'] == 'error': return fence(re.sub(r'\x1b\[[\d;]*m', '', '\n'.join(o['traceback'])))
    data = {k: ''.join(v) if isinstance(v, list) else v for k, v in o.get('data', {}).items()}
    for mime, ext in (('image/png', 'png'), ('image/jpeg', 'jpg'), ('image/svg+xml', 'svg')):
        if mime in data:
            folder, prefix, n = imgs; n.append(1); name = f"{prefix}_files/img{len(n)}.{ext}"
            (folder/name).parent.mkdir(exist_ok=True)
            (folder/name).write_bytes(data[mime].encode() if ext == 'svg' else base64.b64decode(data[mime]))
            return f"![]({name})"
    if 'text/markdown' in data: return data['text/markdown']
    if 'text/html' in data: return f'<div markdown="0">\n{data["text/html"].strip()}\n</div>'
    if 'text/plain' in data: return data['text/plain'] if dirs.get('output') == 'asis' else fence(data['text/plain'])
    return ''

def nb_to_md(cells, fm, stem, dest, nb2page, home):
    "The Markdown page for a processed notebook's `cells`, with its images under `dest`"
    imgs, parts = (dest, stem, []), [f"# {fm.get('title', stem)}"]
    if fm.get('description'): parts.append(f"{fm['description']}\n{{: .summary }}")
    for c in cells[1 if fm else 0:]:
        src = ''.join(c['source'])
        if c['cell_type'] == 'markdown' and not src.startswith('<!-- WARNING: THIS FILE WAS AUTOGENERATED'):
            parts.append(fix_links(src, nb2page, home))
        if c['cell_type'] != 'code': continue
        dirs, code = directives(src)
        if dirs.get('include') == 'false': continue
        if dirs.get('echo') != 'false' and code.strip(): parts.append(fence(code, 'python'))
        if dirs.get('output') == 'false': continue
        outs = [fix_links(output_md(o, dirs, imgs), nb2page, home) for o in c.get('outputs', [])]
        parts += [o if dirs.get('output') == 'asis' else f'<div class="output" markdown>\n\n{o}\n\n</div>'
                  for o in outs if o.strip()]
    return fm.get('title', stem), '\n\n'.join(parts) + '\n'

def slugify(value, separator):
    "Heading anchors as nbdev makes them: `EffnetLearner.fine_tune` -> `effnetlearner.fine_tune`"
    return re.sub(r'[\s-]+', separator, re.sub(r'[^\w\s.-]', '', value).strip().lower())

class Warnings(logging.Handler):
    "Collects mkdocs' warnings"
    def __init__(self): super().__init__(logging.WARNING); self.msgs = []
    def emit(self, record): self.msgs.append(record.getMessage())

def proc_notebooks(cfg):
    "nbdev's `proc_nbs`, in this process, with the cells flagged by `tst_flags` left unexecuted"
    import nbdev.processors as procs
    from nbdev.serve import proc_nbs
    flags, do_eval = set(str(cfg.get('tst_flags', '')).split()), procs._do_eval
    procs._do_eval = lambda cell: not flags & set(cell.directives_) and do_eval(cell)
    return Path(proc_nbs(str(cfg.nbs_path), n_workers=0))

def build(site=SITE):
    from nbdev.config import get_config
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    os.chdir(ROOT)  # nbdev's workers read the config from the working directory
    cfg, t0 = get_config(), time.perf_counter()
    try: proc = proc_notebooks(cfg)
    except Exception as e: sys.exit(f"docs/build.py: nbdev's proc_nbs failed. {e}")
    print(f"proc_nbs: {time.perf_counter() - t0:.0f} s", flush=True)
    nbs = sorted(proc.glob('*.ipynb'), key=lambda p: (p.stem != 'index', p.name))
    cells = {nb: json.loads(nb.read_text())['cells'] for nb in nbs}
    fms = {nb: front_matter(cells[nb]) for nb in nbs}
    nb2page = {nb.stem: page_name(nb, fms[nb]) for nb in nbs}
    home = f"{cfg.doc_host}{cfg.doc_baseurl}".rstrip('/') + '/'
    with tempfile.TemporaryDirectory() as tmp:
        docs, nav = Path(tmp)/'docs', []
        shutil.copytree(proc, docs, ignore=shutil.ignore_patterns('*.ipynb', '_*', '.*'))
        for nb in nbs:
            stem = nb2page[nb.stem]
            title, md = nb_to_md(cells[nb], fms[nb], stem, docs, nb2page, home)
            (docs/f'{stem}.md').write_text(md)
            nav.append({title: f'{stem}.md'})
        (docs/'extra.css').write_text(CSS)
        (Path(tmp)/'mkdocs.yml').write_text(f"site_name: {cfg.lib_name}\n")
        logging.basicConfig(format='%(levelname)s %(message)s', level=logging.WARNING)
        logging.getLogger('mkdocs').addHandler(warns := Warnings())
        mkdocs_build(load_config(
            str(Path(tmp)/'mkdocs.yml'), docs_dir=str(docs), site_dir=str(site), site_url=home, nav=nav,
            site_description=cfg.get('description', ''), use_directory_urls=False, extra_css=['extra.css'],
            theme=dict(name='material', font=False, features=['navigation.footer', 'content.code.copy', 'toc.follow']),
            validation=dict(links=dict(not_found='warn', anchors='warn'), nav=dict(omitted_files='info')),
            markdown_extensions=['tables', 'attr_list', 'md_in_html', 'admonition', 'pymdownx.superfences',
                                 {'pymdownx.highlight': {'use_pygments': True}},
                                 {'toc': {'slugify': slugify, 'permalink': True}}]))
    bad = [m for m in warns.msgs if not re.search('does not contain an anchor|no such anchor', m)]
    if bad: sys.exit('\n'.join(['failed:', *bad]))
    print(f"site: {len(nbs)} pages in {site} ({time.perf_counter() - t0:.0f} s)")
    return site

if __name__ == '__main__':
    sys.exit(0 if build() else 1)
