"""Run one (already restored) submission cell by cell in a fresh kernel and record each cell's fate.

usage: grade_notebook.py [--kernel NAME] [--cell-timeout S] [--notebook-timeout S]
                         [--output-cap BYTES]  < KEY_LINE + NOTEBOOK_JSON

Runs inside the grader's sandbox (tools/grading/sandbox.ts), beside the student's code, so its
result must not be forgeable by that code:
- stdin carries a random per-run key (first line, hex) and then the notebook. Both are read before
  the kernel starts and stdin is replaced by /dev/null: the key is never in a file, an argument or
  the environment, and the notebook (hidden tests included) is never on disk;
- the process makes itself non-dumpable (prctl PR_SET_DUMPABLE 0), so the kernel, though it runs
  as the same user, cannot read this process's memory, environment or open files through /proc or
  ptrace (the sandbox has dropped every capability, CAP_SYS_PTRACE included);
- the result goes out on a private duplicate of the original stdout, which the kernel does not
  inherit: fd 1 is pointed at stderr before the kernel starts, so whatever the kernel prints lands
  in the stderr log. The one result line is
      GENMODELS-RESULT <hex HMAC-SHA256(key, JSON)> <JSON>
  and the grader accepts only a line whose tag verifies with its key.

The JSON is {"cells": [{"index", "status", "error", "truncated"}], "seconds", "kernelStarts"}
where status is ok | error | aborted | timeout | dead | not-run. Every code cell gets an entry, so
a stuck or crashed kernel still leaves a complete record: the cells after it are "not-run".

- Errors: a kernel with ename/evalue/traceback (ours) gives those; stock tslab sends only an error
  status and the text on the cell's stderr stream, so that text is the error.
- Stock tslab aborts requests that arrive within 200 ms of an error, so after a failing cell we
  wait before sending the next one; an "abort" reply anyway counts as a failure, never a pass.
- Output beyond --output-cap bytes (whole notebook) is dropped and the cell marked truncated.
- A cell past its timeout, or past the notebook's deadline, ends the run; the kernel is killed.
- A kernel that dies before running anything is the machine's fault: up to 3 fresh starts.
Exit code 0 when the result was written, 2 when the notebook could not be read.
"""
import argparse
import contextlib
import ctypes
import hashlib
import hmac
import json
import os
import re
import signal
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

ERROR_CHARS = 4000
KERNEL_START_ATTEMPTS = 3
TSLAB_ABORT_WINDOW = 0.25  # seconds; tslab's is 200 ms
ANSI = re.compile(r"\x1b\[[0-9;]*m")
NOISE = [
    re.compile(r"=+\nHi, looks like you are running TensorFlow\.js in Node\.js\..*?\n=+\n?", re.S),
    re.compile(r"^\s+at .*(node_modules/tslab|node:internal|node:vm|sigintHandlersWrap).*\n?", re.M),
]


class CappedClient(NotebookClient):
    """NotebookClient that stops storing output once the notebook has produced `cap` bytes."""

    def __init__(self, nb, cap, **kwargs):
        super().__init__(nb, **kwargs)
        self.cap = cap
        self.used = 0
        self.truncated = set()

    def output(self, outs, msg, display_id, cell_index):
        size = len(json.dumps(msg.get("content", {}), default=str))
        if self.used + size > self.cap:
            self.truncated.add(cell_index)
            return None
        self.used += size
        return super().output(outs, msg, display_id, cell_index)


def clean(text):
    for pattern in NOISE:
        text = pattern.sub("", text)
    text = text.strip()
    return text if len(text) <= ERROR_CHARS else text[:ERROR_CHARS] + "\n… (error truncated)"


def error_text(cell, reply):
    """ename: evalue and the traceback (our kernel), else the cell's stderr text (stock tslab)."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            header = f"{out.get('ename', '')}: {out.get('evalue', '')}"
            trace = ANSI.sub("", "\n".join(out.get("traceback", [])))
            parts.append(trace if out.get("evalue", "").strip() and out["evalue"].strip() in trace else f"{header}\n{trace}")
        elif out.get("output_type") == "stream" and out.get("name") == "stderr":
            parts.append(out.get("text", ""))
    if not parts and (reply.get("ename") or reply.get("evalue")):
        parts.append(f"{reply.get('ename', '')}: {reply.get('evalue', '')}")
    return clean("\n".join(parts)) or "the cell failed without an error message"


class KernelStartError(Exception):
    """The kernel did not come up; nothing of the submission has run yet."""


def execute(client, cell, index, timeout, replies):
    """Run one cell; returns its result and, when the kernel can take no more, why."""
    client.timeout = timeout
    try:
        client.execute_cell(cell, index)
    except CellTimeoutError:
        return {"index": index, "status": "timeout", "error": f"timed out after {timeout} s"}, f"a cell ran longer than {timeout} s"
    except DeadKernelError:
        error = "the kernel died while running this cell (process.exit() or a crash?)"
        return {"index": index, "status": "dead", "error": error}, "the kernel died"
    reply = (replies.get(index) or {}).get("content", {})
    status = reply.get("status", "error")
    if status == "ok":
        return {"index": index, "status": "ok"}, None
    time.sleep(TSLAB_ABORT_WINDOW)
    if status == "abort":
        return {"index": index, "status": "aborted", "error": "aborted by the kernel right after an earlier error"}, None
    return {"index": index, "status": "error", "error": error_text(cell, reply)}, None


def run(nb, client, cell_timeout, deadline):
    replies = {}
    client.on_cell_executed = lambda cell, cell_index, execute_reply: replies.__setitem__(cell_index, execute_reply)
    results, stopped = [], None
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(client.setup_kernel())
        except Exception as e:
            with contextlib.suppress(Exception):
                client._cleanup_kernel()  # a kernel that hung while starting must not outlive us
            raise KernelStartError("the kernel did not start") from e
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            remaining = deadline - time.monotonic()
            if stopped:
                results.append({"index": index, "status": "not-run", "error": f"not run: {stopped}"})
            elif remaining <= 1:
                stopped = "the notebook's time limit was reached"
                results.append({"index": index, "status": "timeout", "error": stopped})
            else:
                result, stopped = execute(client, cell, index, int(min(cell_timeout, remaining)), replies)
                results.append(result)
    for r in results:
        r["truncated"] = r["index"] in client.truncated
    return results


RESULT_TAG = "GENMODELS-RESULT"
PR_SET_DUMPABLE = 4


def seal_process():
    """Read key and notebook from stdin, hide this process from its children; returns (key, text, result fd)."""
    try:
        if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_DUMPABLE, 0) failed")
    except (OSError, AttributeError) as e:  # not Linux: only the HMAC and the private stdout protect the result
        print(f"warning: cannot make the grading helper non-dumpable: {e}", file=sys.stderr)
    data = sys.stdin.buffer.read()
    key, _, text = data.partition(b"\n")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    result_fd = os.dup(1)  # not inheritable (PEP 446): the kernel never gets it
    sys.stdout.flush()
    os.dup2(2, 1)  # the kernel's stdout, and any stray print of ours, go to the stderr log
    return bytes.fromhex(key.decode("ascii").strip()), text.decode("utf-8"), result_fd


def send_result(key, result_fd, payload):
    body = json.dumps(payload, separators=(",", ":"))
    tag = hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()
    with os.fdopen(result_fd, "w", encoding="utf-8") as out:
        out.write(f"{RESULT_TAG} {tag} {body}\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", default="genmodels")
    ap.add_argument("--cell-timeout", type=int, default=60)
    ap.add_argument("--notebook-timeout", type=int, default=300)
    ap.add_argument("--output-cap", type=int, default=1_000_000)
    args = ap.parse_args()
    # the caller's hard limit: leave through the kernel's cleanup rather than orphaning it
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(3))
    start = time.monotonic()
    key, text, result_fd = seal_process()
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as e:
        print(f"cannot read the notebook: {e}", file=sys.stderr)
        return 2
    for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
        client = CappedClient(
            nb,
            args.output_cap,
            kernel_name=args.kernel,
            allow_errors=True,
            shutdown_kernel="immediate",
            resources={"metadata": {"path": os.getcwd()}},
        )
        try:
            cells = run(nb, client, args.cell_timeout, start + args.notebook_timeout)
            break
        except KernelStartError as e:  # the machine's fault, not the submission's: try a fresh kernel
            print(f"attempt {attempt}: {e.__cause__!r}", file=sys.stderr)
            if attempt == KERNEL_START_ATTEMPTS:
                raise
    send_result(key, result_fd, {"cells": cells, "seconds": round(time.monotonic() - start, 2), "kernelStarts": attempt})
    return 0


if __name__ == "__main__":
    sys.exit(main())
