// swift-tools-version:6.0
import PackageDescription

// No package dependencies, by rule: Foundation and the test libraries only.
let package = Package(
    name: "edgesim",
    products: [
        .library(name: "EdgeSim", targets: ["EdgeSim"]),
        .executable(name: "edgesim", targets: ["edgesim"]),
    ],
    targets: [
        // No unsafe flags, so other packages can depend on the library. A run's state is a struct
        // driven by a mutating loop (ClusterRun), so exclusivity is checked at compile time, not
        // per access at run time.
        .target(name: "EdgeSim"),
        .executableTarget(name: "edgesim", dependencies: ["EdgeSim"]),
        // What every test target shares: the repository root, shipped scenarios loaded and
        // simulated, generated inputs. Public API of EdgeSim only, so it builds in any configuration.
        .target(name: "EdgeSimTestSupport", dependencies: ["EdgeSim"], path: "Tests/EdgeSimTestSupport"),
        // The bad-input corpus and the kubectl fixtures are read from the source tree by path
        // (#filePath), not bundled as resources.
        .testTarget(name: "EdgeSimTests", dependencies: ["EdgeSim", "EdgeSimTestSupport"], exclude: ["BadScenarios", "Fixtures"]),
        .testTarget(name: "GoldenTests", dependencies: ["EdgeSim", "EdgeSimTestSupport"]),
        // Runs the built `edgesim` binary; depending on the target makes `swift test` build it first.
        .testTarget(name: "EdgeSimCLITests", dependencies: ["edgesim", "EdgeSimTestSupport"]),
    ]
)
