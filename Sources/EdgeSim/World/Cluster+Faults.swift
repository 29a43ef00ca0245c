/// The shared model's side of the fault verbs: the network, the nodes' power and the API
/// server. `ClusterRun.startFault` and `endFault` say which verb does what; a control plane's
/// part of a verb is its own hook.
extension Cluster {
    mutating func recordFault(_ index: Int, _ phase: FaultPhase) {
        let fault = compiled.faults[index]
        record(TimelineEvent(time: now, kind: .fault(subject: fault.subject, description: fault.text, phase: phase), cause: Cause(.scripted)))
        // What can silence a node (not a user's taint or cordon) is what a later Unknown points back to.
        if phase == .start, let shading = fault.action.verb.shading, shading != .userTaint {
            api.causes.faultRecorded(hitting: FaultSpan.nodes(hitBy: fault.action.target, compiled))
        }
        // What the fault writes through the API server now points back to its line.
        api.causes.context = Cause(.scripted, event: api.causes.recorded - 1)
    }

    /// A flapping link: down for the rest of each period after its up share, starting down.
    mutating func flap(_ index: Int, down: Bool) {
        guard flapping.contains(index), case .flap(let link, let period, let upPercent) = compiled.faults[index].action else { return }
        let upTime = SimTime(microseconds: period.microseconds * Int64(upPercent) / 100)
        if down {
            if !flapDown.contains(index) { network.cut(link); flapDown.insert(index); rerouteRenewals(.over(link)) }
            schedule(.flapToggle(index, down: false), at: now + (period - upTime))
        } else {
            if flapDown.contains(index) { network.heal(link); flapDown.remove(index); rerouteRenewals(.over(link)) }
            schedule(.flapToggle(index, down: true), at: now + upTime)
        }
    }

    mutating func startFlapping(_ index: Int) {
        flapping.insert(index)
        flap(index, down: true)
    }

    mutating func stopFlapping(_ index: Int, link: LinkID) {
        flapping.remove(index)
        if flapDown.contains(index) { network.heal(link) }
        flapDown.remove(index)
    }

    /// The node loses power: its containers stop and its kubelet's timers die with it. Returns
    /// false when it was already off.
    mutating func powerOff(_ node: NodeID) -> Bool {
        guard kubelets[node.index].powered else { return false }
        if renewsOnDemand {
            api.stopRenewals(node, at: now)
            nodeLifecycle.nodeChanged(node, now: now, api: &api)
        }
        kubelets[node.index].powerOff()
        network.setPowered(kubelets[node.index].host, false)
        powerChanges.append(PowerChange(node: node, time: now, powered: false))
        return true
    }

    /// The node boots: static pods restart from their manifests at once and the kubelet's
    /// loops start over. Returns false when it was already on.
    mutating func powerOn(_ node: NodeID) -> Bool {
        guard !kubelets[node.index].powered else { return false }
        powerChanges.append(PowerChange(node: node, time: now, powered: true))
        network.setPowered(kubelets[node.index].host, true)
        let staticPods = api.podsOnNode[node.index].filter { api.workloads[api.pods[$0.index].workload.index].kind == .staticPod }
        for pod in kubelets[node.index].powerOn(staticPods: staticPods) {
            record(TimelineEvent(time: now, kind: .podRestarted, node: node, pod: pod))
        }
        // The kubelet starts at boot, and listens on its port, once the node has joined.
        network.setListening(kubelets[node.index].host, port: Port.kubelet, kubelets[node.index].processRunning)
        if kubelets[node.index].processRunning { startKubelet(node, randomPhase: false) }
        return true
    }

    // MARK: - The kubelet and the node's conditions

    /// The kubelet process stops with the node up: no renewals, no status, nobody listening on
    /// 10250; its containers run on. Returns false when it was not running.
    mutating func stopKubeletProcess(_ node: NodeID) -> Bool {
        guard kubelets[node.index].powered, kubelets[node.index].processRunning else { return false }
        if renewsOnDemand {
            api.stopRenewals(node, at: now)
            nodeLifecycle.nodeChanged(node, now: now, api: &api)
        }
        kubelets[node.index].stopProcess()
        network.setListening(kubelets[node.index].host, port: Port.kubelet, false)
        return true
    }

    /// The kubelet process starts again: its loops start over at once, as after a boot, and it
    /// reconciles the pods the API holds for it at its first status sync.
    mutating func startKubeletProcess(_ node: NodeID) -> Bool {
        guard kubelets[node.index].powered, kubelets[node.index].joined, !kubelets[node.index].processRunning else { return false }
        kubelets[node.index].startProcess()
        network.setListening(kubelets[node.index].host, port: Port.kubelet, true)
        startKubelet(node, randomPhase: false)
        return true
    }

    /// The Ready status the kubelet computes changes; it posts it at its next status tick.
    mutating func setComputedReady(_ node: NodeID, _ ready: Bool) {
        kubelets[node.index].computedReady = ready ? .true : .false
        wakeKubelet(node)
    }

    // kubectl: drain.Helper.GetPodsForDeletion with --ignore-daemonsets — DaemonSet pods and
    // mirror (static) pods stay; every other pod goes through the Eviction API. PodDisruption-
    // Budgets are not modelled.
    /// `kubectl drain`: cordon, then evict what a drain evicts.
    mutating func drain(_ node: NodeID) {
        api.setUnschedulable(node, true)
        for pod in api.podsOnNode[node.index] where api.pods[pod.index].isActive {
            switch api.workloads[api.pods[pod.index].workload.index].kind {
            case .daemonSet, .staticPod: continue
            default: api.drainEvict(pod, condition: settings.kubernetesVersion.evictionAPIDetail, now: now)
            }
        }
    }

    // MARK: - Nodes joining and leaving

    // k8s: kubelet.Run → registerWithAPIServer; kubeadm join (re)starts the kubelet, which
    // registers its Node object at its first status sync and starts renewing its Lease.
    /// `add-node`: the node joins. Its kubelet starts (restarts, if it ran on after a
    /// `delete-node`) and registers the Node object at its first status sync that reaches the
    /// API server; a node powered off registers when it boots. Returns whether a kubelet
    /// started, so the control plane starts the node's agents with it.
    mutating func addNode(_ node: NodeID) -> Bool {
        if kubelets[node.index].joined && api.nodes[node.index].registered { return false }  // a member already
        kubelets[node.index].join()
        guard kubelets[node.index].powered else { return false }
        if kubelets[node.index].processRunning { _ = stopKubeletProcess(node) }
        return startKubeletProcess(node)
    }

    /// `kubectl delete node`: the Node object goes. The machine, its kubelet and its containers
    /// run on; PodGC deletes the pods bound to it once it has been missing for its quarantine.
    mutating func deleteNode(_ node: NodeID) {
        api.deleteNode(node, template: compiled.nodes[node.index])
    }
}
