"""Execute notebooks in place, top to bottom, and keep their outputs: the way effai's docs pages get their tables and plots.

    python docs/execute.py                      # every notebook in nbs/
    python docs/execute.py nbs/04_learner.ipynb # one or more
    python docs/execute.py --flags slow         # also run the `slow` cells (they take long: see each page)

Cells flagged `slow` or `cuda` are skipped unless named in `--flags`, and keep the outputs of their last real run
(plain `jupyter nbconvert --execute` would run them, and stop at the first `cuda` cell on a machine without CUDA).
A notebook whose run fails is left as it was. A training cell's console output keeps what a terminal would show at
the end, one clean table per fit, not every state of fastprogress's bar (`final_text`). The result is cleaned with
`nbdev-clean`, which keeps outputs.
"""
import argparse, json, re, subprocess, sys, time, warnings
from pathlib import Path
from nbdev.test import test_nb

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ('slow', 'cuda')
# third-party deprecation notices printed on import, which would otherwise sit on every page
warnings.filterwarnings('ignore', message='`torch.jit.script` is deprecated', category=FutureWarning)
warnings.filterwarnings('ignore', message="The 'mode.chained_assignment' option is deprecated")

BAR = re.compile(r'\|[█-]{10,}\|\s+\d+(\.\d+)?%')   # a fastprogress bar state: |████----| 40.00%

def final_text(text):
    "What a terminal shows after printing `text`: each `\\r` returns to the line's start and later characters overwrite"
    lines = []
    for line in text.split('\n'):
        buf, col = [], 0
        for part in line.split('\r'):
            buf[col:col + len(part)], col = list(part), 0   # overwrite from the line's start
        shown = ''.join(buf).rstrip()
        if shown.strip(' █') and not BAR.search(shown): lines.append(shown)
    return '\n'.join(lines) + ('\n' if lines else '')

def clean_bars(nb_path):
    "Replace each console output holding progress-bar states with its final text; drop outputs left empty"
    nb = json.loads(Path(nb_path).read_text())
    for cell in nb['cells']:
        outs = []
        for o in cell.get('outputs', []):
            if o.get('output_type') == 'stream' and '\r' in ''.join(o['text']):
                o['text'] = final_text(''.join(o['text']))
                if not o['text']: continue
            outs.append(o)
        if cell['cell_type'] == 'code': cell['outputs'] = outs
    Path(nb_path).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')

def execute(nbs, flags=()):
    "Run each notebook in `nbs`, skipping the `FLAGS` not in `flags`, and save its outputs; the names that failed"
    skip, failed = [f for f in FLAGS if f not in flags], []
    for nb in nbs:
        start = time.perf_counter()
        ok, _ = test_nb(nb, skip_flags=skip, basepath=ROOT, save=True)
        if ok: clean_bars(nb)
        print(f"{'ok    ' if ok else 'FAILED'} {nb.name} ({time.perf_counter() - start:.0f} s)", flush=True)
        if not ok: failed.append(nb.name)
    subprocess.run(['nbdev-clean'], cwd=ROOT, check=True)
    return failed

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('nbs', nargs='*', type=Path, help='notebooks (default: every notebook in nbs/)')
    p.add_argument('--flags', nargs='*', default=[], choices=FLAGS, help='flagged cells to run too')
    a = p.parse_args()
    failed = execute([Path(o).resolve() for o in a.nbs] or sorted((ROOT/'nbs').glob('*.ipynb')), a.flags)
    sys.exit(f"failed: {', '.join(failed)}" if failed else 0)
