import EdgeSim
import Foundation

struct ImportCommand: Command {
    static let name = "import"
    static let abstract = "Print a scenario skeleton from kubectl's JSON for nodes (and pods)."
    static let operands = ""
    static let discussion = """
        Reads `kubectl get nodes -o json` (and `kubectl get pods -A -o json`, `kubectl get svc -A
        -o json`) and prints a scenario: zones and regions from topology.kubernetes.io/* (or
        failure-domain.beta.kubernetes.io/*), one site per zone or per value of --site-label (a
        store, with its own uplink), every node with its edge-health label and its taints as a
        comment, and the workloads of the pods: Deployments (from their ReplicaSets, a rollout's
        Terminating pods not counted), StatefulSets, DaemonSets and static pods, with replicas,
        placement (nodeSelector, required node affinity), tolerations and Services. Whatever it
        changes or drops is a warning, in the scenario and on standard error.
        """

    // --nodes is required, so the usage line shows it without brackets.
    static let nodes = Option.value("--nodes", "FILE", synopsis: "--nodes NODES.json", help: "kubectl get nodes -o json")
    static let pods = Option.value("--pods", "FILE", usage: "PODS.json", help: "kubectl get pods -A -o json (optional)")
    static let out = Option.value("--out", "FILE", help: "write there, atomically, instead of standard output")
    static let services = Option.value("--services", "FILE", usage: "SERVICES.json", help: "kubectl get svc -A -o json (optional)")
    static let siteLabel = Option.value("--site-label", "KEY", help: "a node label whose values are sites (stores), each with its own uplink")
    static let options = [nodes, pods, out, services, siteLabel]

    var nodes: String
    var pods: String?
    var out: String?
    var services: String?
    var siteLabel: String?

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        let nodes = arguments.value(Self.nodes)
        pods = arguments.value(Self.pods)
        services = arguments.value(Self.services)
        siteLabel = arguments.value(Self.siteLabel)
        out = arguments.value(Self.out)
        let rest = arguments.operands
        guard rest.isEmpty else { throw UsageError(message: "unexpected \(rest[0]); give files with --nodes and --pods") }
        guard let nodes else { throw UsageError(message: "missing --nodes FILE (the output of kubectl get nodes -o json)") }
        self.nodes = nodes
    }

    func validate() throws(ScenarioError) {
        if let out { try OutputPath.checkFile(out, flag: Self.out.name) }
    }

    func run() throws(ScenarioError) -> Int32 {
        let nodeData = try read(nodes)
        let podData = try pods.map(read)
        let serviceData = try services.map(read)
        let imported = try ClusterImport.run(.init(nodes: nodeData, nodesFile: nodes, pods: podData, podsFile: pods ?? "",
                                                   services: serviceData, servicesFile: services ?? "", siteLabel: siteLabel))
        for warning in imported.warnings { printError("edgesim import: warning: \(warning)") }
        if let out { try writeAtomically(imported.text, to: out) } else { printOut(imported.text) }
        return 0
    }

    /// Refused above this size, checked with `stat` before the file is read: kubectl's JSON for
    /// a cluster at the scenario limits (100,000 nodes) stays well below it.
    static let maxFileBytes = ScenarioLoader.maxFileBytes * 8

    func read(_ path: String) throws(ScenarioError) -> Data {
        try InputFile.read(path, limit: Self.maxFileBytes)
    }
}
