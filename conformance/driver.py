#!/usr/bin/env python3
"""Conformance driver: plays a scenario's kubelets and network against a real Kubernetes
control plane in real time and records what the control plane did, as an edgesim timeline.

Standard library only. It runs no binary it is not given: with --kube-bin DIR it starts etcd,
kube-apiserver, kube-controller-manager and kube-scheduler from DIR on 127.0.0.1 with the
scenario's settings as flags (test certificates and a token are generated with openssl into
--work); with --server/--token it uses a control plane the user already runs (whose flags
are then the user's business: the header says so).

What each fake kubelet does, and when its requests reach the API server, comes from
`edgesim conformance plan` (edgesim's own network model, fault script and random draws):
  - a Lease renewal lands exactly when the plan says (RenewTime = when it was sent);
  - status syncs run on the plan's grid (each life's origin + k * node-status-update-frequency),
    and go through only while the node's route to the API server port is up, after its latency;
    a sync posts Ready=True when the API says otherwise or the 5-minute report is due, starts
    the pods bound to the node (Running, Ready, a pod IP) and confirms Terminating ones
    (DELETE, grace 0), as edgesim's kubelet (Agents/Kubelet.swift completeStatusSync);
  - power-off stops both loops; a boot starts a new life (its phases from the plan) and
    restarts static pods at once;
  - an API server outage stops and restarts kube-apiserver.

Recording: a header line, then edgesim JSONL events (time_us from the start instant t0):
node-ready-changed, taint-added/removed (node watch), pod-scheduled, pod-ready,
pod-not-ready, pod-evicted, pod-deleted (pod watch), endpoint-added/removed (Endpoints watch),
zone-state-changed (the controller-manager's log), fault start/end and pod-restarted (the
driver's own actions). Events before t0 (the warm-up) have negative times.
"""

import argparse
import heapq
import json
import os
import random
import re
import signal
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone

NS = "default"
WORKLOAD_LABEL = "edgesim.io/workload"
KIND_LABEL = "edgesim.io/kind"
MIRROR = "kubernetes.io/config.mirror"


def log(msg):
    sys.stderr.write("[driver %s] %s\n" % (time.strftime("%H:%M:%S"), msg))
    sys.stderr.flush()


# ---------------------------------------------------------------- the API client

class API:
    def __init__(self, server, token, cafile=None):
        self.server = server.rstrip("/")
        self.token = token
        self.ctx = ssl.create_default_context(cafile=cafile) if cafile else ssl._create_unverified_context()

    def request(self, method, path, body=None, content_type="application/json", timeout=5):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.server + path, data=data, method=method)
        req.add_header("Authorization", "Bearer " + self.token)
        req.add_header("Accept", "application/json")
        if data is not None:
            req.add_header("Content-Type", content_type)
        with urllib.request.urlopen(req, context=self.ctx, timeout=timeout) as resp:
            text = resp.read()
            return json.loads(text) if text else None

    def try_request(self, *args, **kwargs):
        try:
            return self.request(*args, **kwargs)
        except urllib.error.HTTPError as e:
            detail = e.read()[:300]
            log("%s %s -> %s %s" % (args[0], args[1], e.code, detail))
        except Exception as e:  # connection refused during an outage, timeouts
            log("%s %s -> %s" % (args[0], args[1], e))
        return None

    def watch(self, path, on_event, stop):
        """Lists then watches `path` forever (re-watching after errors), calling on_event(type, obj)."""
        rv = None
        failing = False
        while not stop.is_set():
            try:
                if rv is None:
                    listing = self.request("GET", path)
                    rv = listing["metadata"]["resourceVersion"]
                    on_event("LIST", listing["items"])
                    failing = False
                sep = "&" if "?" in path else "?"
                req = urllib.request.Request(self.server + path + sep + "watch=1&allowWatchBookmarks=true&resourceVersion=" + rv)
                req.add_header("Authorization", "Bearer " + self.token)
                with urllib.request.urlopen(req, context=self.ctx, timeout=3600) as resp:
                    for line in resp:
                        if stop.is_set():
                            return
                        if not line.strip():
                            continue
                        ev = json.loads(line)
                        if ev["type"] == "ERROR":
                            rv = None
                            break
                        rv = ev["object"]["metadata"].get("resourceVersion", rv)
                        if ev["type"] != "BOOKMARK":
                            on_event(ev["type"], ev["object"])
            except Exception as e:
                if stop.is_set():
                    return
                if not failing:
                    log("watch %s: %s; re-listing until it answers" % (path, e))
                failing = True
                rv = None
                time.sleep(0.5)


def rfc3339(t):
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def micro_time(t):
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# ---------------------------------------------------------------- the control plane

class ControlPlane:
    """etcd, kube-apiserver, kube-controller-manager and kube-scheduler from --kube-bin."""

    def __init__(self, bindir, etcd, work, port_base, settings):
        self.bindir, self.etcd_bin, self.work, self.settings = bindir, etcd, work, settings
        self.etcd_port, self.peer_port, self.port = port_base, port_base + 1, port_base + 2
        self.procs = {}
        self.token = "edgesim-conformance-%d" % port_base
        os.makedirs(work, exist_ok=True)
        self.flags = {}

    def sh(self, *args):
        subprocess.run(args, check=True, cwd=self.work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def certificates(self):
        w = self.work
        if os.path.exists(os.path.join(w, "apiserver.crt")):
            return
        self.sh("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "3",
                "-subj", "/CN=edgesim-conformance-ca")
        self.sh("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "apiserver.key", "-out", "apiserver.csr",
                "-subj", "/CN=kube-apiserver")
        with open(os.path.join(w, "san.ext"), "w") as f:
            f.write("subjectAltName=IP:127.0.0.1,DNS:localhost,IP:10.0.0.1,DNS:kubernetes,DNS:kubernetes.default\n")
        self.sh("openssl", "x509", "-req", "-in", "apiserver.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "apiserver.crt", "-days", "3", "-extfile", "san.ext")
        self.sh("openssl", "genrsa", "-out", "sa.key", "2048")
        self.sh("openssl", "rsa", "-in", "sa.key", "-pubout", "-out", "sa.pub")

    def kubeconfig(self):
        path = os.path.join(self.work, "kubeconfig")
        with open(path, "w") as f:
            f.write("""apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: https://127.0.0.1:%d
    certificate-authority: %s
users:
- name: u
  user:
    token: %s
contexts:
- name: x
  context: {cluster: c, user: u}
current-context: x
""" % (self.port, os.path.join(self.work, "ca.crt"), self.token))
        return path

    def start_process(self, name, args):
        logf = open(os.path.join(self.work, name + ".log"), "ab")
        self.procs[name] = subprocess.Popen(args, stdout=logf, stderr=subprocess.STDOUT, cwd=self.work)
        self.flags[name] = args[1:]

    def apiserver_args(self):
        s, w = self.settings, self.work
        with open(os.path.join(w, "tokens.csv"), "w") as f:
            f.write('%s,admin,admin,"system:masters"\n' % self.token)
        return [os.path.join(self.bindir, "kube-apiserver"),
                "--etcd-servers=http://127.0.0.1:%d" % self.etcd_port,
                "--secure-port=%d" % self.port, "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1",
                "--service-cluster-ip-range=10.0.0.0/24",
                "--tls-cert-file=" + os.path.join(w, "apiserver.crt"), "--tls-private-key-file=" + os.path.join(w, "apiserver.key"),
                "--token-auth-file=" + os.path.join(w, "tokens.csv"), "--authorization-mode=AlwaysAllow",
                "--service-account-issuer=https://kubernetes.default.svc",
                "--service-account-key-file=" + os.path.join(w, "sa.pub"),
                "--service-account-signing-key-file=" + os.path.join(w, "sa.key"),
                "--disable-admission-plugins=ServiceAccount",
                "--default-not-ready-toleration-seconds=%d" % s["default_not_ready_toleration_seconds"],
                "--default-unreachable-toleration-seconds=%d" % s["default_unreachable_toleration_seconds"],
                "--profiling=false"]

    def start(self):
        self.certificates()
        kubeconfig = self.kubeconfig()
        s = self.settings
        data = os.path.join(self.work, "etcd-data")
        self.start_process("etcd", [self.etcd_bin, "--data-dir", data, "--name", "conformance",
                                    "--listen-client-urls", "http://127.0.0.1:%d" % self.etcd_port,
                                    "--advertise-client-urls", "http://127.0.0.1:%d" % self.etcd_port,
                                    "--listen-peer-urls", "http://127.0.0.1:%d" % self.peer_port,
                                    "--initial-advertise-peer-urls", "http://127.0.0.1:%d" % self.peer_port,
                                    "--initial-cluster", "conformance=http://127.0.0.1:%d" % self.peer_port,
                                    "--unsafe-no-fsync"])
        self.start_process("kube-apiserver", self.apiserver_args())
        self.wait_ready()

        def seconds(us):
            return "%gs" % (us / 1e6)

        def rate(micro):
            return "%g" % (micro / 1e6)

        # Leader election on, as upstream's default and edgesim's model: a controller-manager that
        # cannot renew its lease (an API server outage longer than the renew deadline) exits, and
        # is started again at once, as the kubelet restarts a static pod (`supervise`).
        self.kcm_args = [
            os.path.join(self.bindir, "kube-controller-manager"), "--kubeconfig=" + kubeconfig,
            "--leader-elect=true", "--leader-elect-lease-duration=15s", "--leader-elect-renew-deadline=10s",
            "--leader-elect-retry-period=2s", "--secure-port=0", "--controllers=*", "--v=2",
            "--node-monitor-period=" + seconds(s["node_monitor_period_us"]),
            "--node-monitor-grace-period=" + seconds(s["node_monitor_grace_period_us"]),
            "--node-startup-grace-period=" + seconds(s["node_startup_grace_period_us"]),
            "--node-eviction-rate=" + rate(s["node_eviction_rate_micro"]),
            "--secondary-node-eviction-rate=" + rate(s["secondary_node_eviction_rate_micro"]),
            "--unhealthy-zone-threshold=" + rate(s["unhealthy_zone_threshold_ppm"]),
            "--large-cluster-size-threshold=%d" % s["large_cluster_size_threshold"]]
        self.start_process("kube-controller-manager", self.kcm_args)
        self.restarts = []
        self.stopping = False
        threading.Thread(target=self.supervise, daemon=True).start()
        self.start_process("kube-scheduler", [os.path.join(self.bindir, "kube-scheduler"), "--kubeconfig=" + kubeconfig,
                                              "--leader-elect=false", "--secure-port=0"])

    def supervise(self):
        """Restarts kube-controller-manager whenever it exits (it does when it loses its lease)."""
        while not self.stopping:
            p = self.procs.get("kube-controller-manager")
            if p is not None and p.poll() is not None and not self.stopping:
                log("kube-controller-manager exited (%s); starting it again" % p.returncode)
                self.restarts.append(time.time())
                self.start_process("kube-controller-manager", self.kcm_args)
            time.sleep(0.2)

    def wait_ready(self, timeout=120):
        api = API("https://127.0.0.1:%d" % self.port, self.token)
        end = time.time() + timeout
        while time.time() < end:
            try:
                req = urllib.request.Request("https://127.0.0.1:%d/readyz" % self.port)
                req.add_header("Authorization", "Bearer " + self.token)
                with urllib.request.urlopen(req, context=api.ctx, timeout=2) as resp:
                    if resp.status == 200:
                        return
            except Exception:
                pass
            time.sleep(0.2)
        raise RuntimeError("kube-apiserver not ready after %ds" % timeout)

    def stop_apiserver(self):
        p = self.procs.get("kube-apiserver")
        if p and p.poll() is None:
            p.kill()
            p.wait()

    def start_apiserver(self):
        self.start_process("kube-apiserver", self.apiserver_args())

    def stop(self):
        self.stopping = True
        for name in ["kube-scheduler", "kube-controller-manager", "kube-apiserver", "etcd"]:
            p = self.procs.get(name)
            if p and p.poll() is None:
                p.terminate()
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()


# ---------------------------------------------------------------- the recorder

class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.events = []
        self.t0 = None
        self.nodes = {}      # name -> {"ready": status, "taints": set}
        self.pods = {}       # name -> pod object (latest)
        self.endpoints = {}  # service -> set of ready pod names
        self.on_change = None
        self.pod_meta = {}   # name -> fields, kept after the pod is gone

    def emit(self, wall, event, **fields):
        fields["event"] = event
        fields["wall"] = wall
        with self.lock:
            self.events.append(fields)

    def pod_fields(self, pod):
        labels = pod["metadata"].get("labels", {})
        return {"pod": pod["metadata"]["name"], "workload": labels.get(WORKLOAD_LABEL, ""), "kind": labels.get(KIND_LABEL, ""),
                "node": pod["spec"].get("nodeName")}

    # nodes
    def on_node(self, kind, obj):
        now = time.time()
        items = obj if kind == "LIST" else [obj]
        for node in items:
            name = node["metadata"]["name"]
            ready = None
            for c in node.get("status", {}).get("conditions", []) or []:
                if c["type"] == "Ready":
                    ready = c["status"]
            taints = set()
            for t in node.get("spec", {}).get("taints", []) or []:
                taints.add(("%s=%s:%s" % (t["key"], t["value"], t["effect"])) if t.get("value") else "%s:%s" % (t["key"], t["effect"]))
            with self.lock:
                old = self.nodes.get(name, {"ready": None, "taints": set()})
                self.nodes[name] = {"ready": ready, "taints": taints, "obj": node}
            if kind == "DELETED":
                continue
            if ready != old["ready"] and ready is not None:
                self.emit(now, "node-ready-changed", node=name, status=ready)
            for t in sorted(taints - old["taints"]):
                self.emit(now, "taint-added", node=name, taint=t)
            for t in sorted(old["taints"] - taints):
                self.emit(now, "taint-removed", node=name, taint=t)
        if self.on_change:
            self.on_change()

    # pods
    @staticmethod
    def pod_ready(pod):
        for c in pod.get("status", {}).get("conditions", []) or []:
            if c["type"] == "Ready":
                return c["status"] == "True"
        return False

    def on_pod(self, kind, obj):
        now = time.time()
        items = obj if kind == "LIST" else [obj]
        for pod in items:
            name = pod["metadata"]["name"]
            with self.lock:
                old = self.pods.get(name)
                if kind == "DELETED":
                    self.pods.pop(name, None)
                else:
                    self.pods[name] = pod
            f = self.pod_fields(pod)
            with self.lock:
                self.pod_meta[name] = {"workload": f["workload"], "kind": f["kind"]}
            if kind == "DELETED":
                self.emit(now, "pod-deleted", **f)
                continue
            old_node = old["spec"].get("nodeName") if old else None
            if f["node"] and not old_node:
                self.emit(now, "pod-scheduled", **f)
            old_ready = self.pod_ready(old) if old else False
            ready = self.pod_ready(pod)
            if ready and not old_ready:
                self.emit(now, "pod-ready", **f)
            if old_ready and not ready:
                self.emit(now, "pod-not-ready", **f)
            if pod["metadata"].get("deletionTimestamp") and not (old and old["metadata"].get("deletionTimestamp")):
                self.emit(now, "pod-evicted", **f)
        if self.on_change:
            self.on_change()

    # endpoints
    def on_endpoints(self, kind, obj):
        now = time.time()
        items = obj if kind == "LIST" else [obj]
        for ep in items:
            service = ep["metadata"]["name"]
            ready = {}
            if kind != "DELETED":
                for subset in ep.get("subsets", []) or []:
                    for a in subset.get("addresses", []) or []:
                        ref = a.get("targetRef") or {}
                        if ref.get("kind") == "Pod":
                            ready[ref["name"]] = a.get("nodeName")
            with self.lock:
                old = self.endpoints.get(service, {})
                self.endpoints[service] = ready
            for pod in sorted(set(ready) - set(old)):
                self.emit(now, "endpoint-added", service=service, **self.endpoint_fields(pod, ready[pod]))
            for pod in sorted(set(old) - set(ready)):
                self.emit(now, "endpoint-removed", service=service, **self.endpoint_fields(pod, old[pod]))

    def endpoint_fields(self, name, node):
        with self.lock:
            meta = dict(self.pod_meta.get(name, {"workload": "", "kind": ""}))
        meta["pod"] = name
        meta["node"] = node
        return meta

    def lines(self, t0):
        out = []
        for e in sorted(self.events, key=lambda e: e["wall"]):
            e = dict(e)
            us = int(round((e.pop("wall") - t0) * 1e6))
            e["time_us"] = us
            e["time_ms"] = us // 1000 if us >= 0 else -((-us) // 1000)
            for k in [k for k, v in e.items() if v is None or v == ""]:
                del e[k]
            out.append(json.dumps(e, sort_keys=True, separators=(",", ":")))
        return out


KLOG = re.compile(r"^[IWEF](\d\d)(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{6})")


def klog_time(line):
    m = KLOG.match(line)
    if not m:
        return None
    mo, d, h, mi, s, us = map(int, m.groups())
    year = datetime.now(timezone.utc).year
    return datetime(year, mo, d, h, mi, s, us, tzinfo=timezone.utc).timestamp()


def zone_state(statuses, threshold):
    """k8s: nodelifecycle.Controller.ComputeZoneState over the zone's Ready statuses."""
    ready = sum(1 for st in statuses if st == "True")
    not_ready = len(statuses) - ready
    if ready == 0 and not_ready > 0:
        return "FullDisruption"
    if not_ready > 2 and not_ready / len(statuses) >= threshold:
        return "PartialDisruption"
    return "Normal"


def tail_controller_manager(path, recorder, stop, passes, seen, zones, threshold):
    """Zone states from the controller-manager's log; each such line is a monitor pass, and so
    is each (-v=2) "Node hasn't been updated" line: `seen` collects those pass instants.

    Entering and leaving master disruption, upstream sets every zone's state without logging it
    (handleDisruption returns before its per-zone log line): entering, every zone is
    FullDisruption; leaving, each zone takes the state ComputeZoneState gives its nodes' Ready
    conditions, which the driver reads from its node watch at that instant. `zones`: node ->
    zone."""
    pos = 0
    zone_re = re.compile(r'zone="([^"]*)" newState="([^"]*)"')
    last = {}
    while not stop.is_set():
        try:
            with open(path, "r", errors="replace") as f:
                f.seek(pos)
                for line in f:
                    if "Controller detected that zone is now in new state" in line:
                        m = zone_re.search(line)
                        t = klog_time(line)
                        if m and t:
                            zone = m.group(1).split(":")[-1].replace("\\x00", "")
                            recorder.emit(t, "zone-state-changed", zone=zone, state=m.group(2))
                            last[zone] = m.group(2)
                            passes.append(t)
                    elif "Entering master disruption mode" in line or "Exiting master disruption mode" in line:
                        t = klog_time(line)
                        entering = "Entering" in line
                        with recorder.lock:
                            ready = {n: v.get("ready") for n, v in recorder.nodes.items()}
                        for zone in sorted(set(zones.values())):
                            if entering:
                                state = "FullDisruption"
                            else:
                                state = zone_state([ready.get(n) for n, z in zones.items() if z == zone], threshold)
                            if last.get(zone) != state:
                                recorder.emit(t, "zone-state-changed", zone=zone, state=state)
                                last[zone] = state
                    elif "Node hasn't been updated" in line:
                        t = klog_time(line)
                        if t and (not seen or t - seen[-1] > 0.5):
                            seen.append(t)
                pos = f.tell()
        except FileNotFoundError:
            pass
        time.sleep(0.2)


# ---------------------------------------------------------------- the kubelets

class Kubelet:
    def __init__(self, name, labels, latency_route):
        self.name = name
        self.labels = labels
        self.life = 0
        self.running = True
        self.status_origin = 0
        self.last_report = 0
        self.route = latency_route   # (reachable, latency_us, jitter_us)
        # Pod UIDs, not names: a StatefulSet's recreated pod has its predecessor's name.
        self.was_running = set()     # pods running before a power loss
        self.running_pods = set()


class Driver:
    def __init__(self, plan, api, recorder, plane, t0, rng):
        self.plan, self.api, self.recorder, self.plane, self.t0, self.rng = plan, api, recorder, plane, t0, rng
        self.header = plan["header"]
        s = self.header["settings"]
        self.status_period = s["node_status_update_frequency_us"]
        self.report_period = s["node_status_report_frequency_us"]
        self.heap = []
        self.seq = 0
        self.lock = threading.Lock()
        self.kubelets = {}
        self.pod_ip = {}
        self.next_ip = 10
        self.node_uid = {}
        self.lateness = []
        self.static = {}  # node -> [mirror pod names]
        for n in plan["nodes"]:
            self.kubelets[n["name"]] = Kubelet(n["name"], n["labels"], (True, 0, 0))

    # time
    def at(self, us, fn, *args):
        with self.lock:
            self.seq += 1
            heapq.heappush(self.heap, (self.t0 + us / 1e6, self.seq, fn, args))

    def spawn(self, fn, *args):
        threading.Thread(target=fn, args=args, daemon=True).start()

    def run_until(self, wall_end):
        while True:
            with self.lock:
                if not self.heap:
                    return
                due, _, fn, args = self.heap[0]
                if due > wall_end:
                    return
                now = time.time()
                if due > now:
                    wait = min(due - now, 0.05)
                else:
                    heapq.heappop(self.heap)
                    wait = None
            if wait is not None:
                time.sleep(wait)
                continue
            self.lateness.append(time.time() - due)
            fn(*args)

    # registration
    def register(self, now_us):
        for name, k in self.kubelets.items():
            labels = dict(k.labels)
            labels["kubernetes.io/hostname"] = name
            labels["kubernetes.io/os"] = "linux"
            labels["kubernetes.io/arch"] = "amd64"
            t = time.time()
            node = {"apiVersion": "v1", "kind": "Node", "metadata": {"name": name, "labels": labels},
                    "status": {"capacity": {"cpu": "8", "memory": "32Gi", "pods": "110"},
                               "allocatable": {"cpu": "8", "memory": "32Gi", "pods": "110"},
                               "addresses": [{"type": "InternalIP", "address": "192.168.0.%d" % (len(self.node_uid) + 1)}],
                               "conditions": [self.ready_condition(t, t)],
                               "nodeInfo": {"kubeletVersion": "edgesim-fake-kubelet", "architecture": "amd64", "operatingSystem": "linux",
                                            "machineID": "", "systemUUID": "", "bootID": "", "kernelVersion": "", "osImage": "",
                                            "containerRuntimeVersion": "", "kubeProxyVersion": ""}}}
            created = self.api.request("POST", "/api/v1/nodes", node)
            self.node_uid[name] = created["metadata"]["uid"]
            self.api.request("POST", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", {
                "apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": {"name": name},
                "spec": {"holderIdentity": name, "leaseDurationSeconds": self.header["settings"]["node_lease_duration_us"] // 1000000,
                         "renewTime": micro_time(t)}})

    def ready_condition(self, heartbeat, transition):
        return {"type": "Ready", "status": "True", "reason": "KubeletReady", "message": "edgesim conformance kubelet",
                "lastHeartbeatTime": rfc3339(heartbeat), "lastTransitionTime": rfc3339(transition)}

    def create_workloads(self):
        for w in self.plan["workloads"]:
            labels = {WORKLOAD_LABEL: w["name"], KIND_LABEL: w["kind"]}
            tolerations = []
            for t in w["tolerations"]:
                tol = {"operator": "Exists"}
                if t.get("key"):
                    tol["key"] = t["key"]
                if t.get("effect"):
                    tol["effect"] = t["effect"]
                if "seconds" in t:
                    tol["tolerationSeconds"] = t["seconds"]
                tolerations.append(tol)
            affinity = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
                {"matchExpressions": [{"key": "kubernetes.io/hostname", "operator": "In", "values": w["nodes"]}]}]}}}
            spec = {"containers": [{"name": "app", "image": "registry.k8s.io/pause:3.9"}], "tolerations": tolerations,
                    "affinity": affinity, "terminationGracePeriodSeconds": 30}
            template = {"metadata": {"labels": labels}, "spec": spec}
            name = w["name"]
            if w["kind"] == "deployment":
                self.api.request("POST", "/apis/apps/v1/namespaces/%s/deployments" % NS, {
                    "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "labels": labels},
                    "spec": {"replicas": w["replicas"], "selector": {"matchLabels": labels}, "template": template}})
            elif w["kind"] == "statefulset":
                self.api.request("POST", "/apis/apps/v1/namespaces/%s/statefulsets" % NS, {
                    "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": name, "labels": labels},
                    "spec": {"replicas": w["replicas"], "serviceName": name, "podManagementPolicy": "Parallel",
                             "selector": {"matchLabels": labels}, "template": template}})
            elif w["kind"] == "daemonset":
                self.api.request("POST", "/apis/apps/v1/namespaces/%s/daemonsets" % NS, {
                    "apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": name, "labels": labels},
                    "spec": {"selector": {"matchLabels": labels}, "template": template}})
            elif w["kind"] == "static-pod":
                for node in w["nodes"]:
                    pod = "%s-%s" % (name, node)
                    self.static.setdefault(node, []).append(pod)
                    self.create_mirror(pod, node, labels, spec)
            if w.get("service"):
                self.api.request("POST", "/api/v1/namespaces/%s/services" % NS, {
                    "apiVersion": "v1", "kind": "Service", "metadata": {"name": w["service"]},
                    "spec": {"selector": labels, "ports": [{"port": 80, "targetPort": 8080}]}})

    def create_mirror(self, pod, node, labels, spec):
        spec = dict(spec)
        spec["nodeName"] = node
        spec["tolerations"] = [{"operator": "Exists"}]  # static pods tolerate everything (edgesim WorkloadController)
        spec.pop("affinity", None)
        self.api.try_request("POST", "/api/v1/namespaces/%s/pods" % NS, {
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": pod, "labels": labels, "annotations": {MIRROR: "edgesim", "kubernetes.io/config.source": "file"},
                         "ownerReferences": [{"apiVersion": "v1", "kind": "Node", "name": node,
                                              "uid": self.node_uid[node]}]},
            "spec": spec})

    # the plan's timeline
    def schedule_plan(self, now_us):
        """Books every planned action; before t0 (the warm-up) each kubelet's life-0 loops run on
        their grids from `now_us` on, reachable."""
        first = {}
        for line in self.plan["timeline"]:
            kind = line["plan"]
            t = line["at_us"]
            if kind == "life":
                if line["life"] == 0:
                    first[line["node"]] = line
                self.at(t, self.new_life, line)
            elif kind == "lease":
                if "arrival_us" in line:
                    self.at(line["arrival_us"], self.renew_lease, line["node"], line["life"], t)
            elif kind == "route":
                self.at(t, self.set_route, line)
            elif kind == "power":
                pass  # lives carry it
            elif kind == "apiserver":
                if t > 0 or not line["available"]:
                    self.at(t, self.apiserver, line["available"])
            elif kind == "fault":
                self.at(t, self.fault, line)
        # warm-up: life 0's grids extended backwards from t0
        for name, life in first.items():
            lease = life["lease_origin_us"] - self.lease_period()
            while lease > now_us:
                self.at(lease, self.renew_lease, name, 0, lease, True)
                lease -= self.lease_period()
            status = life["status_origin_us"] - self.status_period
            while status > now_us:
                self.at(status, self.status_tick, name, 0, True)
                status -= self.status_period
            self.kubelets[name].last_report = life["last_report_us"]

    def lease_period(self):
        return self.header["settings"]["node_lease_duration_us"] // 4

    def new_life(self, line):
        k = self.kubelets[line["node"]]
        booted = line["life"] > 0 and line["running"] and not k.running
        k.life = line["life"]
        k.running = line["running"]
        k.status_origin = line["status_origin_us"]
        if line["life"] > 0:
            k.last_report = line["last_report_us"]
        if not line["running"]:
            k.was_running = set(k.running_pods)
            k.running_pods = set()
            return
        # k8s: kubelet.Run starts the status loop at once after a boot; static pods restart from
        # their manifests without the API server.
        if booted:
            now = time.time()
            for pod in self.static.get(k.name, []):
                with self.recorder.lock:
                    uid = self.recorder.pods.get(pod, {}).get("metadata", {}).get("uid")
                if uid in k.was_running:
                    k.running_pods.add(uid)
                    k.was_running.discard(uid)
                    self.recorder.emit(now, "pod-restarted", node=k.name, pod=pod, **self.pod_labels(pod))
        self.at(line["status_origin_us"], self.status_tick, k.name, k.life, False)

    def pod_labels(self, pod):
        with self.recorder.lock:
            obj = self.recorder.pods.get(pod)
        labels = obj["metadata"].get("labels", {}) if obj else {}
        return {"workload": labels.get(WORKLOAD_LABEL, ""), "kind": labels.get(KIND_LABEL, "")}

    def set_route(self, line):
        self.kubelets[line["node"]].route = (line["reachable"], line.get("latency_us", 0), line.get("jitter_us", 0))

    def apiserver(self, available):
        if self.plane is None:
            log("API server outage asked for, but the control plane is not ours: skipped")
            return
        if available:
            self.plane.start_apiserver()
        else:
            self.plane.stop_apiserver()

    def fault(self, line):
        self.recorder.emit(time.time(), "fault", fault=line["fault"], phase=line["phase"], subject=line["subject"])

    def renew_lease(self, node, life, sent_us, warmup=False):
        k = self.kubelets[node]
        if k.life != life or not k.running:
            return
        self.spawn(self.api.try_request, "PATCH", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/" + node,
                   {"spec": {"renewTime": micro_time(self.t0 + sent_us / 1e6)}}, "application/merge-patch+json")

    def status_tick(self, node, life, warmup):
        k = self.kubelets[node]
        if k.life != life or not k.running:
            return
        now_us = (time.time() - self.t0) * 1e6
        if not warmup:
            self.at(self.next_tick_us(k, now_us), self.status_tick, node, life, False)
        if not self.needs_sync(k, now_us):
            return
        reachable, latency, jitter = (True, 0, 0) if warmup else k.route
        if not reachable:
            return
        delay = (latency + self.rng.randint(0, jitter)) / 1e6 if jitter else latency / 1e6
        threading.Timer(delay, self.sync, args=(node, life)).start()

    def next_tick_us(self, k, now_us):
        steps = int((now_us - k.status_origin) // self.status_period) + 1
        return k.status_origin + steps * self.status_period

    def needs_sync(self, k, now_us):
        if now_us - k.last_report >= self.report_period:
            return True
        with self.recorder.lock:
            ready = self.recorder.nodes.get(k.name, {}).get("ready")
            pods = [p for p in self.recorder.pods.values() if p["spec"].get("nodeName") == k.name]
        if ready != "True":
            return True
        for p in pods:
            if p["metadata"].get("deletionTimestamp"):
                return True
            if not Recorder.pod_ready(p) or p["metadata"]["uid"] not in k.running_pods:
                return True
        return False

    def sync(self, node, life):
        """k8s: kubelet syncNodeStatus / tryUpdateNodeStatus, pod workers and status manager
        (edgesim: Kubelet.completeStatusSync)."""
        k = self.kubelets[node]
        if k.life != life or not k.running:
            return
        now = time.time()
        now_us = (now - self.t0) * 1e6
        with self.recorder.lock:
            ready = self.recorder.nodes.get(node, {}).get("ready")
            pods = [p for p in self.recorder.pods.values() if p["spec"].get("nodeName") == node]
        if ready != "True" or now_us - k.last_report >= self.report_period:
            cond = self.ready_condition(now, now)
            r = self.api.try_request("PATCH", "/api/v1/nodes/%s/status" % node, {"status": {"conditions": [cond]}},
                                     "application/strategic-merge-patch+json")
            if r is None:
                return
            k.last_report = now_us
        for p in pods:
            name, uid = p["metadata"]["name"], p["metadata"]["uid"]
            if p["metadata"].get("deletionTimestamp"):
                k.running_pods.discard(uid)
                self.api.try_request("DELETE", "/api/v1/namespaces/%s/pods/%s" % (NS, name),
                                     {"gracePeriodSeconds": 0, "preconditions": {"uid": p["metadata"]["uid"]}})
                continue
            if uid not in k.running_pods:
                k.running_pods.add(uid)
                if uid in k.was_running:
                    k.was_running.discard(uid)
                    self.recorder.emit(now, "pod-restarted", node=node, pod=name, **self.pod_labels(name))
            if not Recorder.pod_ready(p) or p.get("status", {}).get("phase") != "Running":
                self.set_pod_running(p, node, now)

    def set_pod_running(self, p, node, now):
        name = p["metadata"]["name"]
        if name not in self.pod_ip:
            self.pod_ip[name] = "10.244.%d.%d" % (self.next_ip // 250, self.next_ip % 250 + 2)
            self.next_ip += 1
        ip = self.pod_ip[name]
        ts = rfc3339(now)
        status = {"phase": "Running", "podIP": ip, "podIPs": [{"ip": ip}], "hostIP": "192.168.0.1",
                  "startTime": p.get("status", {}).get("startTime") or ts,
                  "conditions": [{"type": "Initialized", "status": "True", "lastTransitionTime": ts},
                                 {"type": "Ready", "status": "True", "lastTransitionTime": ts},
                                 {"type": "ContainersReady", "status": "True", "lastTransitionTime": ts}],
                  "containerStatuses": [{"name": "app", "ready": True, "restartCount": 0, "image": "registry.k8s.io/pause:3.9",
                                         "imageID": "", "started": True, "state": {"running": {"startedAt": ts}}}]}
        self.api.try_request("PATCH", "/api/v1/namespaces/%s/pods/%s/status" % (NS, name), {"status": status},
                             "application/strategic-merge-patch+json")


def read_plan(edgesim, scenario, variant, seed, sets):
    args = [edgesim, "conformance", "plan", scenario]
    if variant:
        args += ["--variant", variant]
    if seed is not None:
        args += ["--seed", str(seed)]
    for s in sets:
        args += ["--set", s]
    out = subprocess.run(args, check=True, stdout=subprocess.PIPE).stdout.decode()
    plan = {"nodes": [], "workloads": [], "timeline": []}
    for line in out.splitlines():
        obj = json.loads(line)
        kind = obj["plan"]
        if kind == "header":
            plan["header"] = obj
        elif kind == "node":
            plan["nodes"].append(obj)
        elif kind == "workload":
            plan["workloads"].append(obj)
        else:
            plan["timeline"].append(obj)
    return plan


def portable_flags(plane, a):
    """The flags each binary ran with, with this machine's paths as $WORK, $KUBE_BIN, etcd."""
    def clean(arg):
        return arg.replace(os.path.abspath(a.work), "$WORK").replace(a.work, "$WORK").replace(plane.etcd_bin, "etcd") \
            .replace(os.path.abspath(a.kube_bin), "$KUBE_BIN").replace(a.kube_bin, "$KUBE_BIN")
    return {name: [clean(arg) for arg in args] for name, args in plane.flags.items()}


def monitor_phase(passes, t0, period_us):
    """edgesim's node-monitor-phase from a measured pass before t0: the pass grid carried
    forward (sliding by node-monitor-pass-duration, 1.1 ms a pass) to the first pass at or
    after t0."""
    if not passes:
        return None
    step = period_us / 1e6 + 0.0011
    p = passes[0]
    while p < t0:
        p += step
    return int(round((p - t0) * 1e6)) % period_us


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--edgesim", default=".build/release/edgesim")
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--variant")
    ap.add_argument("--seed", type=int)
    ap.add_argument("--set", action="append", default=[])
    ap.add_argument("--kube-bin", help="a directory holding kube-apiserver, kube-controller-manager, kube-scheduler (and etcd)")
    ap.add_argument("--etcd", help="the etcd binary (default: KUBE_BIN/etcd, then etcd on PATH)")
    ap.add_argument("--server", help="use a running control plane instead of --kube-bin")
    ap.add_argument("--token", help="with --server: a bearer token with cluster-admin rights")
    ap.add_argument("--controller-manager-log", help="with --server: the controller-manager's log, for zone states")
    ap.add_argument("--work", required=True, help="a scratch directory (certificates, logs, etcd data)")
    ap.add_argument("--port-base", type=int, default=23790, help="etcd client, etcd peer and API server ports: N, N+1, N+2")
    ap.add_argument("--warmup", type=float, default=45.0, help="seconds from registration to the start instant")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    plan = read_plan(a.edgesim, a.scenario, a.variant, a.seed, a.set)
    header = plan["header"]
    plane = None
    kcm_log = a.controller_manager_log
    if a.kube_bin:
        etcd = a.etcd or (os.path.join(a.kube_bin, "etcd") if os.path.exists(os.path.join(a.kube_bin, "etcd")) else "etcd")
        plane = ControlPlane(a.kube_bin, etcd, a.work, a.port_base, header["settings"])
        plane.start()
        api = API("https://127.0.0.1:%d" % plane.port, plane.token, os.path.join(a.work, "ca.crt"))
        kcm_log = os.path.join(a.work, "kube-controller-manager.log")
    else:
        api = API(a.server, a.token)
    stop = threading.Event()
    try:
        version = api.request("GET", "/version")
        recorder = Recorder()
        passes = []
        seen = []
        threading.Thread(target=api.watch, args=("/api/v1/nodes", recorder.on_node, stop), daemon=True).start()
        threading.Thread(target=api.watch, args=("/api/v1/namespaces/%s/pods" % NS, recorder.on_pod, stop), daemon=True).start()
        threading.Thread(target=api.watch, args=("/api/v1/namespaces/%s/endpoints" % NS, recorder.on_endpoints, stop), daemon=True).start()
        if kcm_log:
            threading.Thread(target=tail_controller_manager, args=(kcm_log, recorder, stop, passes, seen,
                                                                            {n["name"]: n["labels"].get("topology.kubernetes.io/zone", "") for n in plan["nodes"]},
                                                                            header["settings"]["unhealthy_zone_threshold_ppm"] / 1e6), daemon=True).start()
        # Wait for the default service account's namespace and the controllers to come up.
        time.sleep(2)
        registered = time.time()
        t0 = registered + a.warmup
        driver = Driver(plan, api, recorder, plane, t0, random.Random(header["seed"]))
        driver.register((registered - t0) * 1e6)
        time.sleep(1)
        driver.create_workloads()
        driver.schedule_plan((time.time() - t0) * 1e6 + 1e5)
        log("t0 in %.1fs; scenario runs %ds" % (t0 - time.time(), header["duration_us"] // 1000000))
        driver.run_until(t0)
        with recorder.lock:
            unready = [n for n, p in recorder.pods.items() if not Recorder.pod_ready(p)]
        if unready:
            log("warning: pods not ready at t0: %s" % unready)
        driver.run_until(t0 + header["duration_us"] / 1e6)
        time.sleep(max(0.0, t0 + header["duration_us"] / 1e6 - time.time()) + 0.5)
        phase = monitor_phase(sorted(passes), t0, header["settings"]["node_monitor_period_us"])
        late = sorted(driver.lateness)
        head = {"recording": "header", "scenario": header["scenario"], "seed": header["seed"],
                "kubernetes_version": version.get("gitVersion"), "kubernetes_git_commit": version.get("gitCommit"),
                "edgesim_kubernetes_version": header["kubernetes_version"], "mode": header["mode"],
                "node_monitor_phase_us": phase if phase is not None else 0,
                "lease_renew_jitter_ppm": header.get("lease_renew_jitter_ppm", 0),
                "monitor_phase_measured": phase is not None,
                "controller_manager_restarts_us": [int(round((t - t0) * 1e6)) for t in plane.restarts] if plane else [],
                "monitor_passes_seen_us": [int(round((t - t0) * 1e6)) for t in seen if t >= t0],
                "t0_utc": micro_time(t0), "warmup_s": a.warmup, "duration_us": header["duration_us"],
                "pods_unready_at_t0": unready,
                "driver_lateness_us": {"p50": int(late[len(late) // 2] * 1e6) if late else 0,
                                       "max": int(late[-1] * 1e6) if late else 0},
                "flags": portable_flags(plane, a) if plane else "user's control plane (--server)",
                "settings": header["settings"]}
        if header.get("variant"):
            head["variant"] = header["variant"]
        with recorder.lock:
            lines = recorder.lines(t0)
        with open(a.out + ".tmp", "w") as f:
            f.write(json.dumps(head, sort_keys=True, separators=(",", ":")) + "\n")
            for line in lines:
                f.write(line + "\n")
        os.replace(a.out + ".tmp", a.out)
        log("wrote %s: %d events, monitor phase %s us, driver lateness p50 %s us max %s us" % (
            a.out, len(lines), phase, head["driver_lateness_us"]["p50"], head["driver_lateness_us"]["max"]))
    finally:
        stop.set()
        if plane:
            plane.stop()


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    main()
