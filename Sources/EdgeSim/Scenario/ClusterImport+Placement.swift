extension ClusterImport {
    /// Where a pod may run, as its spec says: `nodeSelector` and the required node affinity's
    /// terms (k8s: component-helpers nodeaffinity.GetRequiredNodeAffinity — every nodeSelector
    /// label, and at least one term whose matchExpressions all hold).
    struct NodeSelector {
        struct Requirement {
            var key: String
            var op: String
            var values: [String]
        }

        /// `nodeSelector`, sorted by key.
        var labels: [(String, String)] = []
        var terms: [[Requirement]] = []
        /// What this import cannot evaluate (matchFields, an unknown operator), for a warning.
        var unsupported: [String] = []

        init() {}

        init(spec: JSONValue) throws(ScenarioError) {
            labels = try ClusterImport.stringMap(spec.optionalField("nodeSelector")).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            guard let required = try spec.optionalField("affinity")?.optionalField("nodeAffinity")?
                .optionalField("requiredDuringSchedulingIgnoredDuringExecution") else { return }
            for term in try required.field("nodeSelectorTerms").array() {
                if try term.optionalField("matchFields") != nil { unsupported.append("matchFields") }
                var requirements: [Requirement] = []
                for expression in try term.optionalField("matchExpressions")?.array() ?? [] {
                    let op = try expression.field("operator").string()
                    let values = try expression.optionalField("values")?.array().map { value throws(ScenarioError) in try value.string() } ?? []
                    guard Self.operators.contains(op) else { unsupported.append("operator \(op)"); continue }
                    requirements.append(Requirement(key: try expression.field("key").string(), op: op, values: values))
                }
                terms.append(requirements)
            }
        }

        static let operators = ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"]

        var isEmpty: Bool { labels.isEmpty && terms.isEmpty }

        func matches(_ nodeLabels: [String: String]) -> Bool {
            guard labels.allSatisfy({ nodeLabels[$0.0] == $0.1 }) else { return false }
            return terms.isEmpty || terms.contains { $0.allSatisfy { $0.matches(nodeLabels) } }
        }
    }
}

extension ClusterImport.NodeSelector.Requirement {
    // k8s: apimachinery labels.Requirement.Matches (Gt and Lt compare whole numbers).
    func matches(_ labels: [String: String]) -> Bool {
        let value = labels[key]
        switch op {
        case "In": return value.map(values.contains) ?? false
        case "NotIn": return !(value.map(values.contains) ?? false)
        case "Exists": return value != nil
        case "DoesNotExist": return value == nil
        case "Gt", "Lt":
            guard let have = value.flatMap({ Int64($0) }), values.count == 1, let bound = Int64(values[0]) else { return false }
            return op == "Gt" ? have > bound : have < bound
        default: return false
        }
    }
}
