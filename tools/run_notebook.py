"""Execute one notebook headlessly with nbclient; the glue between `npm run notebooks` and Jupyter.

usage: run_notebook.py NOTEBOOK [--out FILE] [--kernel NAME] [--timeout SECONDS] [--rerun]
                       [--metadata JSON]

--rerun: execute every code cell twice in a row, in order, in the same kernel, as a student who
re-runs cells does; a cell that fails the second time (say, because it or a later cell disposed
tensors it reads) fails the notebook. The outputs written are the first run's.
--metadata: a JSON object merged into the notebook's metadata when every cell ran (the record of
the run that `npm run notebooks` checks outputs against; see tools/freshness.ts).

Exit codes: 0 all cells ran, 1 a cell failed (the cell and its error are printed), 2 bad usage
or the notebook could not be read.

A failing cell is reported with its source and its error: the error output's ename, evalue and
traceback, plus the cell's stderr stream (all a kernel that leaves ename/evalue empty, such as
stock tslab, gives).
"""
import argparse
import copy
import json
import os
import sys

import nbformat
from nbclient import NotebookClient
from jupyter_core.utils import ensure_async, run_sync
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError


def cell_error_text(cell):
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            parts.append(f"{out.get('ename', '')}: {out.get('evalue', '')}".strip(": "))
            parts.extend(out.get("traceback", []))
        elif out.get("output_type") == "stream" and out.get("name") == "stderr":
            parts.append(out.get("text", ""))
    return "\n".join(p for p in parts if p).strip()


def report(nb, index, cell, error, rerun=False):
    """Print the failing cell, its source and its error to stderr."""
    when = " when re-run" if rerun else ""
    print(f"\nFAILED at cell {index}{when}: {type(error).__name__}", file=sys.stderr)
    text = cell_error_text(cell) if cell is not None else ""
    if text:
        print("---- cell source ----", file=sys.stderr)
        print(cell.source, file=sys.stderr)
        print("---- error ----", file=sys.stderr)
        print(text, file=sys.stderr)
    else:
        print(str(error), file=sys.stderr)


def run_twice(client, nb):
    """Run the cells in order as client.execute() does, each code cell a second time right after
    its first run (on a copy, so the notebook keeps the first outputs and execution counts). Twice
    in a row is what a student does most, and it fails wherever a cell, or a later one, disposes
    tensors that the cell reads."""
    client.reset_execution_trackers()
    with client.setup_kernel():
        info = client.wait_for_reply(run_sync(ensure_async)(client.kc.kernel_info()))
        nb.metadata["language_info"] = info["content"]["language_info"]
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
            if cell.cell_type != "code":
                continue
            again = copy.deepcopy(cell)
            try:
                client.execute_cell(again, index, execution_count=client.code_cells_executed + 1)
            except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
                raise RerunError(again, index, e) from e
        client.set_widgets_metadata()


class RerunError(Exception):
    """A cell that ran the first time failed the second time."""

    def __init__(self, cell, index, error):
        super().__init__(str(error))
        self.cell, self.index, self.error = cell, index, error


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("notebook")
    ap.add_argument("--out")
    ap.add_argument("--kernel", default="genmodels")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    ap.add_argument("--rerun", action="store_true", help="run every code cell twice in a row")
    ap.add_argument("--metadata", type=json.loads, default={}, help="JSON merged into metadata on success")
    args = ap.parse_args()

    try:
        nb = nbformat.read(args.notebook, as_version=4)
    except Exception as e:  # unreadable or invalid JSON: say which file and why
        print(f"cannot read {args.notebook}: {e}", file=sys.stderr)
        return 2

    client = NotebookClient(
        nb,
        kernel_name=args.kernel,
        timeout=args.timeout,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(args.notebook))}},
    )
    status = 0
    try:
        if args.rerun:
            run_twice(client, nb)
        else:
            client.execute()
    except RerunError as e:
        status = 1
        report(nb, e.index, e.cell, e.error, rerun=True)
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
        status = 1
        failing = [c for c in nb.cells if c.cell_type == "code" and cell_error_text(c)]
        cell = failing[-1] if failing else None
        report(nb, nb.cells.index(cell) if cell is not None else None, cell, e)
    if status == 0:
        nb.metadata.update(args.metadata)
    if args.out:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        tmp = args.out + ".tmp"
        nbformat.write(nb, tmp)
        os.replace(tmp, args.out)
    return status


if __name__ == "__main__":
    sys.exit(main())
