// MARK: - Expectations

extension ScenarioCompiler {
    /// Checks every expectation, then keeps those of this run (the scenario's own and its variant's).
    func compileExpectations(variant: Variant?) throws(ScenarioError) -> [Expectation] {
        let known = ExpectationChecker.Known(
            variants: .init(scenario.variants.map(\.name)), nodes: .init(scenario.nodes.map(\.name)), zones: .init(scenario.zones.map(\.name)),
            services: .init(services.map(\.name)), workloads: .init(scenario.workloads.map(\.name)))
        for (i, expectation) in scenario.expectations.enumerated() {
            try ExpectationChecker.validate(expectation, path: "expectations[\(i)]", known: known, duration: scenario.duration.time, map: map)
        }
        return scenario.expectations.filter { $0.variant == nil || $0.variant == variant?.name }
    }
}
