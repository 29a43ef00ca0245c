import EdgeSim

/// `edgesim explain`: why a pod was evicted, why a node was tainted, why a timeline line
/// happened — and why a node that went Unknown kept its pods. Runs one variant holding its
/// timeline and walks the causes the run recorded (`Explainer`).
struct ExplainCommand: Command {
    static let name = "explain"
    static let abstract = "Say why an eviction, taint or timeline line happened, or why a node kept its pods."
    static let operands = "SCENARIO"

    static let variant = Option.value("--variant", "V", help: "the variant to explain (default: the scenario's first)")
    static let seed = Option.value("--seed", "N", help: "the seed for every random draw (overrides the scenario's)")
    static let pod = Option.value("--pod", "NAME", help: "explain this pod: each eviction's chain, or why it was not evicted")
    static let node = Option.value("--node", "NAME", help: """
        explain this node: for each stretch it was Ready=Unknown, the chain to
        it and to each eviction, or the rule that kept its pods
        """)
    static let line = Option.value("--line", "N", help: """
        explain the event on line N of `edgesim run SCENARIO --variant V --initial`
        (line 1 is the header)
        """)
    static let at = Option.value("--at", "T", help: "with --pod or --node: only the Unknown stretch that holds time T (e.g. 6m)")
    static let format = Option.value("--format", "F", usage: "text|json", help: "text (default) | json (one object: answers, each with its steps)")
    static let options = [variant, seed, pod, node, line, at, format]

    static let discussion = """
        Each step names its time and the upstream function that decided it, e.g.
          fault: 5:00 drop gz-3 -> apiserver port 6443
          -> grace 40s passed: gz-3 Ready=Unknown at the 5:36.67 pass  (tryUpdateNodeHealth)
          -> unreachable:NoExecute on gz-3 at 5:41.779 (queue position 1)  (doNoExecuteTaintingPass)
        A why-not names the rule that held: master disruption mode, a zone's rate 0, a
        toleration without seconds, a taint removed before its timer, SuperEdge's admission
        webhook, OpenYurt's rewritten tolerations or delegated lease, KubeEdge's half-open EdgeHub.
        Exactly one of --pod, --node and --line.
        """

    var path: String
    var variant: String?
    var seed: UInt64?
    var query: ExplainQuery
    var time: SimTime?
    var json: Bool

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        variant = arguments.value(Self.variant)
        seed = try RunCommand.parseSeed(arguments.value(Self.seed))
        var queries: [ExplainQuery] = []
        if let pod = arguments.value(Self.pod) { queries.append(.pod(pod)) }
        if let node = arguments.value(Self.node) { queries.append(.node(node)) }
        if let text = arguments.value(Self.line) {
            guard let line = Int(text), line > 0 else { throw UsageError(message: "--line expects a line number from 1, got \"\(text)\"") }
            queries.append(.line(line))
        }
        guard queries.count == 1 else {
            throw UsageError(message: queries.isEmpty ? "missing what to explain: --pod NAME, --node NAME or --line N"
                             : "expected one of --pod, --node and --line, got \(queries.count)")
        }
        query = queries[0]
        if let text = arguments.value(Self.at) {
            guard let time = SimTime.parse(text) else { throw UsageError(message: "--at expects a time such as 5m or 1h30m, got \"\(text)\"") }
            if case .line = query { throw UsageError(message: "--at chooses an Unknown stretch of a --pod or --node; a --line is one event") }
            self.time = time
        }
        let format = arguments.value(Self.format) ?? "text"
        guard format == "text" || format == "json" else {
            throw UsageError(message: "--format expects one of text, json, got \"\(format)\"" + NearMiss.hint(for: format, among: ["text", "json"]))
        }
        json = format == "json"
        let rest = arguments.operands
        guard rest.count == 1 else { throw UsageError(message: rest.isEmpty ? "missing SCENARIO" : "expected one SCENARIO, got \(rest.count)") }
        path = rest[0]
    }

    /// Bad input (exit 2): the scenario, the variant, an unknown pod or node, a line that is no event.
    func run() throws -> Int32 {
        let (scenario, map) = try ScenarioLoader.load(path: path)
        let runs = try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll(variant: variant, overrides: [], mode: nil, seed: seed)
        let compiled = runs[0]
        let report = try simulateChecked(compiled)
        let explanation: Explanation
        do {
            explanation = try Explainer(report: report, compiled: compiled).explain(query, at: time)
        } catch {
            let flag = switch query {
            case .pod: Self.pod.name
            case .node: Self.node.name
            case .line: Self.line.name
            }
            throw ScenarioError(file: flag, location: "", message: error.message + " in \(path)" + (compiled.variant.map { " variant \($0)" } ?? ""))
        }
        printOut(json ? ExplanationRenderer.json(explanation) : ExplanationRenderer.text(explanation))
        return 0
    }
}
