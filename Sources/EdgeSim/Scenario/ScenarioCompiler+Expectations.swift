// MARK: - Expectations

extension ScenarioCompiler {
    /// Checks every expectation, then keeps those of this run (the scenario's own and its variant's).
    func compileExpectations(variant: Variant?) throws(ScenarioError) -> [Expectation] {
        let variants = scenario.variants.map(\.name), nodeNames = scenario.nodes.map(\.name), zones = scenario.zones.map(\.name)
        let serviceNames = services.map(\.name), workloadNames = scenario.workloads.map(\.name)
        for (i, expectation) in scenario.expectations.enumerated() {
            try ExpectationChecker.validate(expectation, path: "expectations[\(i)]", variants: variants, nodes: nodeNames, zones: zones,
                                            services: serviceNames, workloads: workloadNames, duration: scenario.duration.time, map: map)
        }
        return scenario.expectations.filter { $0.variant == nil || $0.variant == variant?.name }
    }
}
