"""edgesim's zone-outage benchmark workload as a plain SimPy model, for bench/compare.sh.

The parameters are those of `BenchWorkload.zoneOutage` (Sources/EdgeSim/Bench):
- NODES nodes, node i in zone i % ZONES; each zone reaches the cloud over one uplink with
  30 ms + U(0, 20 ms) latency and 1 % loss; zone 0's uplink is cut from 600 s to 1200 s.
- Every kubelet renews its Lease every 10 s from a random phase in [0, 10 s).
- The node lifecycle controller runs every 5 s with a 40 s grace period: a node not heard from
  for longer is NotReady and queued for the unreachable taint; taints are added through one
  token bucket per zone (capacity 1) filling at 0.1/s in a normal zone, 0.01/s in a partially
  disrupted one (at least 55 % and more than 2 nodes not ready) of more than 50 nodes, 0
  otherwise; a fully disrupted zone fills at 0.1/s unless every zone is fully disrupted
  (then no taints at all).
- 3 pods a node tolerate the taint for 300 s; a node heard from again is untainted and its
  pending evictions are cancelled.
It prints one line of key=value pairs: wall_s, approx_events, taints, untaints, evictions.
Usage: python3 bench/zone_outage_simpy.py NODES ZONES HOURS SEED
"""
import random
import sys
import time

import simpy

RENEW_PERIOD = 10.0
MONITOR_PERIOD = 5.0
GRACE = 40.0
TOLERATION = 300.0
PODS_PER_NODE = 3
LOSS = 0.01
LATENCY, JITTER = 0.030, 0.020
OUTAGE = (600.0, 1200.0)
UNHEALTHY_SHARE = 0.55
LARGE_ZONE = 50
HEALTHY_RATE, SECONDARY_RATE = 0.1, 0.01


class ZoneOutage:
    def __init__(self, nodes, zones, seed):
        self.env = simpy.Environment()
        self.draw = random.Random(seed)
        self.zones = zones
        self.zone = [node % zones for node in range(nodes)]
        self.members = [self.zone.count(z) for z in range(zones)]
        self.heard = [0.0] * nodes          # when the newest delivered renewal was sent
        self.not_ready = [False] * nodes
        self.tainted = [False] * nodes
        self.taint_epoch = [0] * nodes      # cancels a pending eviction when it changes
        self.bucket = [1.0] * zones
        self.counts = {"taints": 0, "untaints": 0, "evictions": 0, "delivered": 0}
        for node in range(nodes):
            self.env.process(self.kubelet(node))
        self.env.process(self.node_lifecycle())

    def uplink_cut(self, node):
        return self.zone[node] == 0 and OUTAGE[0] <= self.env.now < OUTAGE[1]

    def kubelet(self, node):
        yield self.env.timeout(self.draw.uniform(0, RENEW_PERIOD))
        while True:
            if not self.uplink_cut(node) and self.draw.random() >= LOSS:
                # The arrival is a bare timeout with a callback, not a process of its own: a
                # process per message made the model twice as slow as it need be.
                arrival = self.env.timeout(LATENCY + self.draw.uniform(0, JITTER))
                arrival.callbacks.append(lambda _event, node=node, sent=self.env.now: self.arrive(node, sent))
            yield self.env.timeout(RENEW_PERIOD)

    def arrive(self, node, sent):
        self.heard[node] = max(self.heard[node], sent)
        self.counts["delivered"] += 1

    def zone_rates(self, unready):
        states = []
        for z in range(self.zones):
            size = self.members[z]
            if size > 0 and unready[z] == size:
                states.append("full")
            elif unready[z] > 2 and unready[z] >= UNHEALTHY_SHARE * size:
                states.append("partial")
            else:
                states.append("normal")
        everything_down = all(state == "full" for state in states)
        rates = []
        for z, state in enumerate(states):
            if state == "normal":
                rates.append(HEALTHY_RATE)
            elif state == "partial":
                rates.append(SECONDARY_RATE if self.members[z] > LARGE_ZONE else 0.0)
            else:
                rates.append(0.0 if everything_down else HEALTHY_RATE)
        return rates

    def node_lifecycle(self):
        while True:
            now = self.env.now
            unready = [0] * self.zones
            for node, heard in enumerate(self.heard):
                silent = now - heard > GRACE
                if silent and not self.not_ready[node]:
                    self.not_ready[node] = True
                elif not silent and self.not_ready[node]:
                    self.not_ready[node] = False
                    if self.tainted[node]:
                        self.tainted[node] = False
                        self.taint_epoch[node] += 1
                        self.counts["untaints"] += 1
                if self.not_ready[node]:
                    unready[self.zone[node]] += 1
            for z, rate in enumerate(self.zone_rates(unready)):
                self.bucket[z] = min(1.0, self.bucket[z] + rate * MONITOR_PERIOD)
            for node in range(len(self.heard)):
                if self.not_ready[node] and not self.tainted[node] and self.bucket[self.zone[node]] >= 1.0:
                    self.bucket[self.zone[node]] -= 1.0
                    self.tainted[node] = True
                    self.counts["taints"] += 1
                    self.env.process(self.evict(node, self.taint_epoch[node]))
            yield self.env.timeout(MONITOR_PERIOD)

    def evict(self, node, epoch):
        yield self.env.timeout(TOLERATION)
        if self.tainted[node] and self.taint_epoch[node] == epoch:
            self.counts["evictions"] += PODS_PER_NODE
            self.taint_epoch[node] += 1


def main():
    nodes, zones, hours, seed = (int(argument) for argument in sys.argv[1:5])
    model = ZoneOutage(nodes, zones, seed)
    started = time.perf_counter()
    model.env.run(until=hours * 3600)
    wall = time.perf_counter() - started
    # SimPy keeps no event count: renewals, their arrivals and the controller's passes.
    events = nodes * hours * int(3600 / RENEW_PERIOD) + model.counts["delivered"] + hours * int(3600 / MONITOR_PERIOD)
    c = model.counts
    print(f"nodes={nodes} zones={zones} hours={hours} wall_s={wall:.3f} approx_events={events} "
          f"events_per_s={events / wall:.0f} taints={c['taints']} untaints={c['untaints']} evictions={c['evictions']}")


if __name__ == "__main__":
    main()
