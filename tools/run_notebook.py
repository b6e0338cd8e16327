"""Execute one notebook headlessly with nbclient; the glue between `npm run notebooks` and Jupyter.

usage: run_notebook.py NOTEBOOK [--out FILE] [--kernel NAME] [--timeout SECONDS]

Exit codes: 0 all cells ran, 1 a cell failed (the cell and its error are printed), 2 bad usage
or the notebook could not be read.

A failing cell is reported with its source and its error: the error output's ename, evalue and
traceback, plus the cell's stderr stream (all a kernel that leaves ename/evalue empty, such as
stock tslab, gives).
"""
import argparse
import os
import sys

import nbformat
from nbclient import NotebookClient
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("notebook")
    ap.add_argument("--out")
    ap.add_argument("--kernel", default="genmodels")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per cell")
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
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
        status = 1
        failing = [c for c in nb.cells if c.cell_type == "code" and cell_error_text(c)]
        index = nb.cells.index(failing[-1]) if failing else None
        print(f"\nFAILED at cell {index}: {type(e).__name__}", file=sys.stderr)
        if failing:
            print("---- cell source ----", file=sys.stderr)
            print(failing[-1].source, file=sys.stderr)
            print("---- error ----", file=sys.stderr)
            print(cell_error_text(failing[-1]), file=sys.stderr)
        else:
            print(str(e), file=sys.stderr)
    if args.out:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        tmp = args.out + ".tmp"
        nbformat.write(nb, tmp)
        os.replace(tmp, args.out)
    return status


if __name__ == "__main__":
    sys.exit(main())
