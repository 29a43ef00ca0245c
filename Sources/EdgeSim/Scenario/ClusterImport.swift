import Foundation

/// Turns `kubectl get nodes -o json` (and optionally `kubectl get pods -A -o json` and
/// `kubectl get svc -A -o json`) into a scenario in the line language: zones and regions from
/// the topology labels, one site per zone (or per value of a store label, `--site-label`), the
/// nodes with their edge-health labels, the workloads their pods belong to with their
/// placement, tolerations and Services. Whatever it changes or drops is a warning, in the
/// output and for the caller to print. The output is a starting point a person edits (faults
/// and expectations are theirs to write), and it always parses.
public enum ClusterImport {
    /// Edge-health grouping labels kept on nodes (SuperEdge and its TKE Edge spelling).
    public static let keptLabels = ["superedgehealth/topology-zone", "tencent.tkeedgehealth/topology-zone"]
    /// The annotation the kubelet puts on the API server's mirror of a static pod.
    public static let mirrorAnnotation = "kubernetes.io/config.mirror"
    /// The site of nodes that carry no zone label.
    public static let unzonedSite = "unzoned"

    /// The kubectl documents an import reads; only `nodes` is required.
    public struct Input {
        public var nodes: Data
        public var nodesFile: String
        public var pods: Data?
        public var podsFile: String
        public var services: Data?
        public var servicesFile: String
        /// A node label whose values become sites, each with its own uplink (nil: a site per zone).
        public var siteLabel: String?

        public init(nodes: Data, nodesFile: String, pods: Data? = nil, podsFile: String = "", services: Data? = nil,
                    servicesFile: String = "", siteLabel: String? = nil) {
            self.nodes = nodes; self.nodesFile = nodesFile; self.pods = pods; self.podsFile = podsFile
            self.services = services; self.servicesFile = servicesFile; self.siteLabel = siteLabel
        }
    }

    /// The scenario text and what the import changed or dropped (also in the text, as
    /// `# warning:` lines).
    public struct Output {
        public var text: String
        public var warnings: [String]
    }

    public static func scenario(nodes: Data, nodesFile: String, pods: Data? = nil, podsFile: String = "") throws(ScenarioError) -> String {
        try run(Input(nodes: nodes, nodesFile: nodesFile, pods: pods, podsFile: podsFile)).text
    }

    public static func run(_ input: Input) throws(ScenarioError) -> Output {
        let nodeList = try readNodes(JSONValue.parse(input.nodes, file: input.nodesFile))
        guard !nodeList.isEmpty else {
            throw ScenarioError(file: input.nodesFile, location: "$.items", message: "expected at least one node")
        }
        var podList: [ImportedPod] = []
        if let pods = input.pods { podList = try readPods(JSONValue.parse(pods, file: input.podsFile)) }
        var serviceList: [ImportedService] = []
        if let services = input.services { serviceList = try readServices(JSONValue.parse(services, file: input.servicesFile)) }
        var writer = Writer(input: input, nodes: nodeList, pods: podList, services: serviceList)
        return writer.render()
    }

    // MARK: - Reading

    struct ImportedNode {
        var name: String
        var zone: String?
        var region: String?
        /// The edge-health labels kept on the node.
        var labels: [(String, String)]
        /// Every label, for selectors and the site label (looked up, never iterated into output).
        var allLabels: [String: String]
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
        /// Being deleted (`metadata.deletionTimestamp`): a rollout's old pod, not a replica.
        var terminating: Bool
        var labels: [String: String]
        var selector: NodeSelector
    }

    struct ImportedService {
        var name: String
        var namespace: String
        /// `spec.selector`, sorted by key; empty for a Service without one.
        var selector: [(String, String)]
    }

    /// Refuses a document of another kind (`--nodes pods.json`): kubectl marks the list and
    /// each item with its kind.
    static func checkKind(_ root: JSONValue, items: [JSONValue], expected: String, command: String) throws(ScenarioError) {
        let listKind = try root.optionalString("kind")
        if let listKind, listKind != "List", listKind != expected + "List" {
            throw root.kindError(listKind, expected: expected, command: command, at: root.path + ".kind")
        }
        for item in items {
            if let kind = try item.optionalString("kind"), kind != expected {
                throw item.kindError(kind, expected: expected, command: command, at: item.path + ".kind")
            }
        }
    }

    static func readNodes(_ root: JSONValue) throws(ScenarioError) -> [ImportedNode] {
        let items = try root.field("items").array()
        try checkKind(root, items: items, expected: "Node", command: "kubectl get nodes -o json")
        var nodes: [ImportedNode] = []
        for item in items {
            let metadata = try item.field("metadata")
            let name = try metadata.field("name").name()
            let labels = try stringMap(metadata.optionalField("labels"))
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
            nodes.append(ImportedNode(name: name, zone: zone, region: region, labels: kept, allLabels: labels, taints: taints))
        }
        return nodes
    }

    static func stringMap(_ value: JSONValue?) throws(ScenarioError) -> [String: String] {
        guard let value else { return [:] }
        var map: [String: String] = [:]
        for (key, item) in try value.object() { map[key] = try item.string() }
        return map
    }

    static func readPods(_ root: JSONValue) throws(ScenarioError) -> [ImportedPod] {
        let items = try root.field("items").array()
        try checkKind(root, items: items, expected: "Pod", command: "kubectl get pods -A -o json")
        var pods: [ImportedPod] = []
        for item in items {
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
            let labels = try stringMap(metadata.optionalField("labels"))
            var node: String?, tolerationList: JSONValue?, phase: String?, selector = NodeSelector()
            if let spec = try item.optionalField("spec") {
                node = try spec.optionalString("nodeName")
                tolerationList = try spec.optionalField("tolerations")
                selector = try NodeSelector(spec: spec)
            }
            if let status = try item.optionalField("status") { phase = try status.optionalString("phase") }
            var tolerations: [JSONValue] = []
            if let tolerationList {
                tolerations = try tolerationList.array()
                for toleration in tolerations { _ = try Self.toleration(toleration) }
            }
            pods.append(ImportedPod(name: name, namespace: namespace, node: node, ownerKind: ownerKind, ownerName: ownerName,
                                    templateHash: labels["pod-template-hash"], isMirror: isMirror, tolerations: tolerations,
                                    finished: phase == "Succeeded" || phase == "Failed",
                                    terminating: try metadata.optionalField("deletionTimestamp") != nil, labels: labels, selector: selector))
        }
        return pods
    }

    static func readServices(_ root: JSONValue) throws(ScenarioError) -> [ImportedService] {
        let items = try root.field("items").array()
        try checkKind(root, items: items, expected: "Service", command: "kubectl get svc -A -o json")
        var services: [ImportedService] = []
        for item in items {
            let metadata = try item.field("metadata")
            let name = try metadata.field("name").string()
            let namespace = try metadata.optionalString("namespace") ?? "default"
            let selector = try stringMap(item.optionalField("spec")?.optionalField("selector"))
            services.append(ImportedService(name: name, namespace: namespace, selector: selector.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        }
        return services
    }

    // MARK: - Workloads

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
    /// template hash (the pod's `pod-template-hash` label, else a trailing word in the hash's
    /// alphabet). Every ReplicaSet of a rollout gives the same Deployment.
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

    /// A toleration as the line language writes it, or a warning when it cannot say it.
    static func toleration(_ value: JSONValue) throws(ScenarioError) -> (line: String?, warning: String?) {
        let key = try value.optionalString("key") ?? ""
        let effectText = try value.optionalString("effect") ?? ""
        let seconds = try value.optionalInteger("tolerationSeconds")
        if key.isEmpty && effectText.isEmpty { return ("tolerate all", nil) }
        guard !key.isEmpty else {
            return (nil, "a toleration of every key with effect \(effectText)" + (seconds.map { " for \($0)s" } ?? "")
                    + " is not expressible: left out (add tolerate lines per key)")
        }
        guard ScenarioParser.isName(key) else { return (nil, "toleration key \(quoted(key)) is not a name the scenario language accepts: left out") }
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
}

extension JSONValue {
    func kindError(_ kind: String, expected: String, command: String, at location: String) -> ScenarioError {
        ScenarioError(file: file, location: location, message: "expected \(expected) objects (the output of \(command)), got \(quoted(kind))")
    }
}
