#!/usr/bin/env python3
"""A protocol adapter in pure Python (no torch): plain SGD, β ← β − lr·g, with
faults planted on request, for optspec's failure-handling tests.

    fake_sgd.py [crash-at=K] [hang-at=K] [garbage-at=K] [short-at=K] [chatty] [version=V] [no-eof]
"""
import base64, json, os, struct, sys, time

faults = dict(a.partition("=")[::2] for a in sys.argv[1:])
at = lambda name: int(faults[name]) if name in faults else -1
if "exit-now" in faults:
    sys.stderr.write("fake_sgd: cannot start: planted start-up failure\n")
    sys.exit(7)

def decode(s):
    raw = base64.b64decode(s)
    return list(struct.unpack("<%dd" % (len(raw) // 8), raw))

def encode(v):
    return base64.b64encode(struct.pack("<%dd" % len(v), *v)).decode()

def send(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()

lrs = {}
while True:
    line = sys.stdin.readline()
    if not line:
        if "no-eof" in faults:  # an adapter that ignores end of input: only the kill ends it
            while True:
                time.sleep(1)
        break
    msg = json.loads(line)
    op = msg["op"]
    if op == "hello":
        if "chatty" in faults:
            print("loading weights... done")
        hello = {"ok": True, "version": int(faults.get("version", 1)), "name": f"fake-sgd pid={os.getpid()}", "supports": []}
        if "takes" in faults:  # "takes=lr" says it takes lr alone; "takes=" is a malformed list
            hello["takes"] = faults["takes"].split(",") if faults["takes"] else "lr"
        send(hello)
    elif op == "init":
        if "lr" not in msg["hyper"]:
            send({"ok": False, "error": "init needs lr"})
            continue
        lrs[msg["id"]] = msg["hyper"]["lr"]
        send({"ok": True})
    elif op == "step":
        k = msg["step"]
        if k == at("crash-at"):
            sys.stderr.write("Traceback (most recent call last):\nZeroDivisionError: planted crash\n")
            sys.exit(1)
        if k == at("hang-at"):
            time.sleep(3600)
        if k == at("garbage-at"):
            print("step ok, new params follow")
            sys.stdout.flush()
            continue
        lr = lrs[msg["id"]]
        p = [x - lr * g for x, g in zip(decode(msg["params"]), decode(msg["grad"]))]
        send({"ok": True, "params": encode(p[:-1] if k == at("short-at") else p)})
    elif op == "drop":
        for i in msg["ids"]:
            lrs.pop(i, None)
        send({"ok": True})
    elif op == "close":
        send({"ok": True})
        break
    else:
        send({"ok": False, "error": f"unknown op {op!r}"})
