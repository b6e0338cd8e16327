"""Drive the genmodels kernel through the real Jupyter protocol (jupyter_client), for test/kernel.test.ts.

Usage: /usr/bin/python3 test/kernel_driver.py KERNEL_NAME < steps.json
Reads a JSON list of steps, prints one JSON line per step: the shell reply's content and the iopub
messages the request caused. Steps:
  {"execute": CODE, "interrupt_after": SECONDS?, "interrupt_by": "signal" | "message"?}
  {"execute_all": [CODE, ...]}: send every request at once (a notebook's "run all"); all replies
  {"complete": CODE, "cursor": N} / {"inspect": CODE, "cursor": N} / {"is_complete": CODE}
  {"rss": true}: the kernel process's resident memory in kB
  {"heartbeat": true}: whether the heartbeat channel answers
  {"restart": true}: restart through the manager (shutdown_request with restart), wait until ready
  {"shutdown": true}: clean shutdown; reports the kernel process's exit code
Long stream texts are cut to their first 200 characters plus their length, to keep the output small.
"""
import json
import sys
import threading
import time

from jupyter_client.manager import KernelManager

TIMEOUT = 60


def shrink(msg):
    content = msg["content"]
    if msg["msg_type"] == "stream" and len(content["text"]) > 200:
        content = {**content, "text": content["text"][:200], "length": len(content["text"])}
    return {"msg_type": msg["msg_type"], "content": content}


def collect(kc, msg_id):
    """iopub messages caused by msg_id, up to its idle status."""
    out = []
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status":
            if msg["content"]["execution_state"] == "idle":
                return out
            continue
        out.append(shrink(msg))


def request(kc, send):
    msg_id = send()
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
    return {"reply": reply["content"], "iopub": collect(kc, msg_id)}


def interrupt_later(km, kc, seconds, by):
    def go():
        time.sleep(seconds)
        if by == "message":
            kc.control_channel.send(kc.session.msg("interrupt_request", {}))
        else:
            km.interrupt_kernel()
    threading.Thread(target=go, daemon=True).start()


def step(km, kc, s):
    if "execute" in s:
        if "interrupt_after" in s:
            interrupt_later(km, kc, s["interrupt_after"], s.get("interrupt_by", "signal"))
        return request(kc, lambda: kc.execute(s["execute"]))
    if "execute_all" in s:
        ids = [kc.execute(code) for code in s["execute_all"]]
        return {"replies": [request(kc, lambda i=i: i)["reply"] for i in ids]}
    if "complete" in s:
        return request(kc, lambda: kc.complete(s["complete"], s["cursor"]))
    if "inspect" in s:
        return request(kc, lambda: kc.inspect(s["inspect"], s["cursor"]))
    if "is_complete" in s:
        return request(kc, lambda: kc.is_complete(s["is_complete"]))
    if "rss" in s:
        pid = km.provisioner.process.pid
        with open(f"/proc/{pid}/status") as f:
            rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
        return {"rss_kb": rss}
    if "heartbeat" in s:
        time.sleep(1.5)
        return {"beating": kc.hb_channel.is_beating()}
    if "restart" in s:
        old = km.provisioner.process
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=TIMEOUT)
        return {"exit_code": old.poll()}
    if "shutdown" in s:
        process = km.provisioner.process
        km.shutdown_kernel(now=False)
        return {"exit_code": process.poll()}
    raise ValueError(f"unknown step {s}")


def main():
    steps = json.load(sys.stdin)
    km = KernelManager(kernel_name=sys.argv[1])
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=TIMEOUT)
        for s in steps:
            print(json.dumps(step(km, kc, s)), flush=True)
    finally:
        kc.stop_channels()
        if km.is_alive():
            km.shutdown_kernel(now=True)


main()
