"""Execute notebooks in place, top to bottom, and keep their outputs: the way effai's docs pages get their tables and plots.

    python docs/execute.py                      # every notebook in nbs/
    python docs/execute.py nbs/04_learner.ipynb # one or more
    python docs/execute.py --flags slow         # also run the `slow` cells (they take long: see each page)

Cells flagged `slow` or `cuda` are skipped unless named in `--flags`, and keep the outputs of their last real run
(plain `jupyter nbconvert --execute` would run them, and stop at the first `cuda` cell on a machine without CUDA).
A notebook whose run fails is left as it was. The result is cleaned with `nbdev-clean`, which keeps outputs.
"""
import argparse, subprocess, sys, time, warnings
from pathlib import Path
from nbdev.test import test_nb

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ('slow', 'cuda')
# third-party deprecation notices printed on import, which would otherwise sit on every page
warnings.filterwarnings('ignore', message='`torch.jit.script` is deprecated', category=FutureWarning)
warnings.filterwarnings('ignore', message="The 'mode.chained_assignment' option is deprecated")

def execute(nbs, flags=()):
    "Run each notebook in `nbs`, skipping the `FLAGS` not in `flags`, and save its outputs; the names that failed"
    skip, failed = [f for f in FLAGS if f not in flags], []
    for nb in nbs:
        start = time.perf_counter()
        ok, _ = test_nb(nb, skip_flags=skip, basepath=ROOT, save=True)
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
