import Foundation

/// Turns `kubectl get nodes -o json` (and optionally `kubectl get pods -A -o json`) into a
/// scenario skeleton in the line language: zones and regions from the topology labels, one site
/// per zone, the nodes with their edge-health labels, existing taints as comments, and the
/// workloads their pods belong to with their tolerations. The output is a starting point a
/// person edits (faults and expectations are theirs to write), and it always parses.
public enum ClusterImport {
    /// Edge-health grouping labels kept on nodes (SuperEdge and its TKE Edge spelling).
    public static let keptLabels = ["superedgehealth/topology-zone", "tencent.tkeedgehealth/topology-zone"]
    /// The annotation the kubelet puts on the API server's mirror of a static pod.
    public static let mirrorAnnotation = "kubernetes.io/config.mirror"
    /// The site of nodes that carry no zone label.
    public static let unzonedSite = "unzoned"

    public static func scenario(nodes: Data, nodesFile: String, pods: Data? = nil, podsFile: String = "") throws(ScenarioError) -> String {
        let nodeList = try readNodes(JSONValue.parse(nodes, file: nodesFile))
        guard !nodeList.isEmpty else {
            throw ScenarioError(file: nodesFile, location: "$.items", message: "expected at least one node")
        }
        var podList: [ImportedPod] = []
        if let pods { podList = try readPods(JSONValue.parse(pods, file: podsFile)) }
        return render(nodes: nodeList, pods: podList, nodesFile: nodesFile, podsFile: pods == nil ? nil : podsFile)
    }

    // MARK: - Reading

    struct ImportedNode {
        var name: String
        var zone: String?
        var region: String?
        var labels: [(String, String)]
        var taints: [String]
    }

    struct ImportedPod {
        var name: String
        var namespace: String
        var node: String?
        /// `ReplicaSet`, `StatefulSet`, `DaemonSet`, `Node`, `Job`, ... or nil for a bare pod.
        var ownerKind: String?
        var ownerName: String?
        var templateHash: String?
        var isMirror: Bool
        var tolerations: [JSONValue]
        var finished: Bool
    }

    static func readNodes(_ root: JSONValue) throws(ScenarioError) -> [ImportedNode] {
        var nodes: [ImportedNode] = []
        for item in try root.field("items").array() {
            let metadata = try item.field("metadata")
            let name = try metadata.field("name").name()
            var labels: [String: String] = [:]
            if let labelObject = try metadata.optionalField("labels") {
                for (key, value) in try labelObject.object() { labels[key] = try value.string() }
            }
            let zone = labels[ZoneLabels.betaZone] ?? labels[ZoneLabels.zone]
            let region = labels[ZoneLabels.betaRegion] ?? labels[ZoneLabels.region]
            if let zone { _ = try metadata.field("labels").labelName(zone) }
            if let region { _ = try metadata.field("labels").labelName(region) }
            var kept: [(String, String)] = []
            for key in keptLabels { if let value = labels[key] { kept.append((key, value)) } }
            var taints: [String] = []
            if let spec = try item.optionalField("spec"), let list = try spec.optionalField("taints") {
                for taint in try list.array() {
                    let key = try taint.field("key").string()
                    let value = try taint.optionalString("value") ?? ""
                    let effect = try taint.field("effect").string()
                    taints.append(key + (value.isEmpty ? "" : "=" + value) + ":" + effect)
                }
            }
            nodes.append(ImportedNode(name: name, zone: zone, region: region, labels: kept, taints: taints))
        }
        return nodes
    }

    static func readPods(_ root: JSONValue) throws(ScenarioError) -> [ImportedPod] {
        var pods: [ImportedPod] = []
        for item in try root.field("items").array() {
            let metadata = try item.field("metadata")
            let name = try metadata.field("name").string()
            let namespace = try metadata.optionalString("namespace") ?? "default"
            var ownerKind: String?, ownerName: String?
            if let owners = try metadata.optionalField("ownerReferences") {
                let list = try owners.array()
                // The managing controller if one is marked, else the first owner.
                var chosen = list.first
                for owner in list {
                    if try owner.optionalBool("controller") == true {
                        chosen = owner
                        break
                    }
                }
                if let chosen {
                    ownerKind = try chosen.field("kind").string()
                    ownerName = try chosen.field("name").string()
                }
            }
            var isMirror = false
            if let annotations = try metadata.optionalField("annotations") { isMirror = try annotations.optionalField(mirrorAnnotation) != nil }
            var templateHash: String?
            if let labels = try metadata.optionalField("labels") { templateHash = try labels.optionalString("pod-template-hash") }
            var node: String?, tolerationList: JSONValue?, phase: String?
            if let spec = try item.optionalField("spec") {
                node = try spec.optionalString("nodeName")
                tolerationList = try spec.optionalField("tolerations")
            }
            if let status = try item.optionalField("status") { phase = try status.optionalString("phase") }
            var tolerations: [JSONValue] = []
            if let tolerationList {
                tolerations = try tolerationList.array()
                for toleration in tolerations { _ = try Self.toleration(toleration) }
            }
            pods.append(ImportedPod(name: name, namespace: namespace, node: node, ownerKind: ownerKind, ownerName: ownerName,
                                    templateHash: templateHash, isMirror: isMirror, tolerations: tolerations,
                                    finished: phase == "Succeeded" || phase == "Failed"))
        }
        return pods
    }

    // MARK: - Workloads

    struct ImportedWorkload {
        var kind: WorkloadKind
        var namespace: String
        var baseName: String
        var pods: [ImportedPod] = []
    }

    /// The workload a pod belongs to, or why it is left out.
    static func workload(of pod: ImportedPod) -> Result<(WorkloadKind, String), SkipReason> {
        if pod.isMirror || pod.ownerKind == "Node" {
            var base = pod.name
            if let node = pod.node, base.hasSuffix("-" + node), base.count > node.count + 1 { base = String(base.dropLast(node.count + 1)) }
            return .success((.staticPod, base))
        }
        switch (pod.ownerKind, pod.ownerName) {
        case ("ReplicaSet", let owner?): return .success((.deployment, deploymentName(replicaSet: owner, hash: pod.templateHash)))
        case ("StatefulSet", let owner?): return .success((.statefulSet, owner))
        case ("DaemonSet", let owner?): return .success((.daemonSet, owner))
        case (let kind?, _): return .failure(SkipReason(text: "owned by a \(kind)"))
        default: return .failure(SkipReason(text: "has no owner"))
        }
    }

    struct SkipReason: Error { var text: String }

    /// `web-7d4b9c8f6` → `web`: a Deployment's ReplicaSet is its name plus `-` and the pod
    /// template hash (the pod's `pod-template-hash` label, else a trailing word in the hash's alphabet).
    static func deploymentName(replicaSet: String, hash: String?) -> String {
        if let hash, !hash.isEmpty, replicaSet.hasSuffix("-" + hash), replicaSet.count > hash.count + 1 {
            return String(replicaSet.dropLast(hash.count + 1))
        }
        guard let dash = replicaSet.lastIndex(of: "-") else { return replicaSet }
        let suffix = replicaSet[replicaSet.index(after: dash)...]
        // k8s: apimachinery rand.SafeEncodeString's alphabet (no vowels, no 0, 1, 3).
        let alphabet = Set("bcdfghjklmnpqrstvwxz2456789")
        guard (5...10).contains(suffix.count), suffix.allSatisfy(alphabet.contains), dash != replicaSet.startIndex else { return replicaSet }
        return String(replicaSet[..<dash])
    }

    /// A toleration as the line language writes it, or a comment when it cannot say it.
    static func toleration(_ value: JSONValue) throws(ScenarioError) -> (line: String?, comment: String?) {
        let key = try value.optionalString("key") ?? ""
        let effectText = try value.optionalString("effect") ?? ""
        let seconds = try value.optionalInteger("tolerationSeconds")
        if key.isEmpty && effectText.isEmpty { return ("tolerate all", nil) }
        guard !key.isEmpty else { return (nil, "tolerates every key with effect \(effectText): not expressible, left out") }
        guard ScenarioParser.isName(key) else { return (nil, "toleration key \(quoted(key)) is not a name the scenario language accepts") }
        var line = "tolerate " + key
        if !effectText.isEmpty {
            guard TaintEffect(rawValue: effectText) != nil else {
                throw ScenarioError(file: value.file, location: value.path + ".effect",
                                    message: "expected NoSchedule, PreferNoSchedule or NoExecute, got \(quoted(effectText))")
            }
            line += ":" + effectText
        }
        if let seconds { line += " \(max(seconds, 0))s" }
        return (line, nil)
    }

    // MARK: - Writing

    static func render(nodes: [ImportedNode], pods: [ImportedPod], nodesFile: String, podsFile: String?) -> String {
        var out = "# Imported by `edgesim import` from \(nodesFile) (\(nodes.count) node\(nodes.count == 1 ? "" : "s"))"
        if let podsFile { out += " and \(podsFile) (\(pods.count) pod\(pods.count == 1 ? "" : "s"))" }
        out += ".\n# A skeleton: add faults (`at 5m..20m cut uplink SITE`) and `expect` lines.\n"
        out += "name imported\nseed 1\nduration 30m\nmode kubernetes\n\n"
        out += renderTopology(nodes)
        guard !pods.isEmpty else { return out }
        out += "\n"
        let (workloads, skippedPods) = group(pods)
        var skipped = skippedPods
        let nodeNames = Set(nodes.map(\.name))
        // Names must be unique across kinds and namespaces: qualify the ones that collide.
        let baseCounts = Dictionary(workloads.map { ($0.baseName, 1) }, uniquingKeysWith: +)
        for workload in workloads {
            var name = baseCounts[workload.baseName]! > 1 ? "\(workload.namespace).\(workload.baseName)" : workload.baseName
            if workloads.filter({ $0.namespace == workload.namespace && $0.baseName == workload.baseName }).count > 1 {
                name += "-" + workload.kind.rawValue
            }
            guard ScenarioParser.isName(name) else {
                skipped.append("\(workload.namespace)/\(workload.baseName): not a name the scenario language accepts")
                continue
            }
            switch renderWorkload(workload, name: name, nodeNames: nodeNames, nodeCount: nodes.count, nodesFile: nodesFile) {
            case .success(let text): out += text
            case .failure(let reason): skipped.append(reason.text)
            }
        }
        for reason in skipped { out += "# skipped pod \(reason)\n" }
        return out
    }

    /// Zones (in order of first appearance, each with the region its first node gave), one
    /// site per zone, and the nodes.
    private static func renderTopology(_ nodes: [ImportedNode]) -> String {
        var out = ""
        var zones: [(name: String, region: String?)] = []
        for node in nodes {
            guard let zone = node.zone else { continue }
            if let existing = zones.first(where: { $0.name == zone }) {
                if existing.region != node.region {
                    out += "# node \(node.name): zone \(zone) in region \(node.region ?? "(none)"); the scenario keeps \(existing.region ?? "(none)")\n"
                }
            } else {
                zones.append((zone, node.region))
            }
        }
        for zone in zones { out += "zone \(zone.name)" + (zone.region.map { " region \($0)" } ?? "") + "\n" }
        for zone in zones { out += "site \(zone.name) zone \(zone.name)\n" }
        let unzoned = nodes.contains { $0.zone == nil }
        let noZoneSite = zones.contains { $0.name == unzonedSite } ? unzonedSite + "-site" : unzonedSite
        if unzoned { out += "site \(noZoneSite)    # nodes without a zone label\n" }
        out += "\n"
        for node in nodes {
            if !node.taints.isEmpty { out += "# \(node.name) taints: " + node.taints.joined(separator: ", ") + "\n" }
            out += "node \(node.name) site \(node.zone ?? noZoneSite)"
            for (key, value) in node.labels where ScenarioParser.isName(key) && (value.isEmpty || ScenarioParser.isName(value)) {
                out += " label \(key)=\(value)"
            }
            out += "\n"
        }
        return out
    }

    /// Running pods grouped by the workload they belong to, in order of first appearance, and
    /// the pods left out with why.
    private static func group(_ pods: [ImportedPod]) -> (workloads: [ImportedWorkload], skipped: [String]) {
        var workloads: [ImportedWorkload] = []
        var skipped: [String] = []
        for pod in pods where !pod.finished {
            switch workload(of: pod) {
            case .success(let (kind, base)):
                if let index = workloads.firstIndex(where: { $0.kind == kind && $0.namespace == pod.namespace && $0.baseName == base }) {
                    workloads[index].pods.append(pod)
                } else {
                    workloads.append(ImportedWorkload(kind: kind, namespace: pod.namespace, baseName: base, pods: [pod]))
                }
            case .failure(let reason):
                skipped.append("\(pod.namespace)/\(pod.name) \(reason.text)")
            }
        }
        return (workloads, skipped)
    }

    /// A workload's statement, with its comments before it; or why it is skipped.
    private static func renderWorkload(_ workload: ImportedWorkload, name: String, nodeNames: Set<String>, nodeCount: Int,
                                       nodesFile: String) -> Result<String, SkipReason> {
        var placed: [String] = []
        for pod in workload.pods { if let node = pod.node, nodeNames.contains(node), !placed.contains(node) { placed.append(node) } }
        let statement = "\(workload.kind.rawValue) \(name)"
            + (workload.kind == .deployment || workload.kind == .statefulSet ? " replicas \(workload.pods.count)" : "")
        var line = statement
        var comments: [String] = []
        switch workload.kind {
        case .deployment, .statefulSet:
            break
        case .daemonSet:
            if placed.count < nodeCount && !placed.isEmpty { line += " on nodes " + placed.joined(separator: ",") }
        case .staticPod:
            guard !placed.isEmpty else { return .failure(SkipReason(text: "\(workload.namespace)/\(workload.baseName): a static pod on no known node")) }
            line += " on nodes " + placed.joined(separator: ",")
        }
        if workload.pods.contains(where: { $0.node.map { !nodeNames.contains($0) } ?? false }) {
            comments.append("some of its pods run on nodes not in \(nodesFile)")
        }
        var seen: [String] = []
        for toleration in workload.pods[0].tolerations {
            // Checked while reading, so a bad one has already been reported with its path.
            guard let converted = try? Self.toleration(toleration) else { continue }
            if let text = converted.line, !seen.contains(text) { seen.append(text); line += " " + text }
            if let comment = converted.comment { comments.append(comment) }
        }
        if line.utf8.count > ScenarioParser.maxLineBytes - 100 {
            line = statement
            comments.append("placement and tolerations left out: the line would be too long")
        }
        return .success(comments.map { "# \(name): \($0)\n" }.joined() + line + "\n")
    }
}
