/// Faults spelled back as scenario text: the verb's word, then its arguments as the line
/// language writes them.
public enum FaultText {
    /// For the timeline: a `restart-edge` of more than three nodes is abbreviated.
    public static func describe(_ action: FaultAction) -> String {
        statement(action, abbreviated: true)
    }

    /// `abbreviated: false` spells every node out, as a runbook must to replay.
    public static func statement(_ action: FaultAction, abbreviated: Bool) -> String {
        let arguments = self.arguments(action, abbreviated: abbreviated)
        return arguments.isEmpty ? action.verb.word : action.verb.word + " " + arguments
    }

    static func arguments(_ action: FaultAction, abbreviated: Bool) -> String {
        func port(_ p: Int?) -> String { p.map { " port \($0)" } ?? "" }
        switch action {
        case .cut(let l), .heal(let l): return "\(l)"
        case .drop(let s, let t, let p), .undrop(let s, let t, let p): return "\(s) -> \(t)\(port(p))"
        case .loss(let l, let ppm): return "\(l) \(DecimalText.micro(Int64(ppm) * 100))%"
        case .latency(let l, let latency, let jitter): return "\(l) \(latency)" + (jitter.time == .zero ? "" : " jitter \(jitter)")
        case .flap(let l, let period, let up): return "\(l) period \(period) duty \(up)%"
        case .partition(let a, let b): return "\(a) | \(b)"
        case .label(let n, let k, let v): return v.map { "\(n) \(k)=\($0)" } ?? "\(n) \(k)"
        case .powerOff, .powerOn, .cordon, .uncordon, .drain, .kubeletStop, .kubeletStart, .notReady, .ready,
             .networkUnavailable, .networkAvailable, .addNode, .deleteNode: return action.onlyNode!
        case .restartEdge(let nodes) where abbreviated && nodes.count > 3:
            return "\(nodes[0])..\(nodes[nodes.count - 1]) (\(nodes.count) nodes)"
        case .restartEdge(let nodes): return nodes.joined(separator: ",")
        case .apiServerDown, .apiServerUp: return ""
        case .taint(let n, let t), .untaint(let n, let t): return "\(n) \(t)"
        }
    }
}
