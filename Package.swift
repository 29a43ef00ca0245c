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
        .target(name: "EdgeSim"),
        .executableTarget(name: "edgesim", dependencies: ["EdgeSim"]),
        // Fixtures are read from the source tree by path, not bundled as resources.
        .testTarget(name: "EdgeSimTests", dependencies: ["EdgeSim"], exclude: ["Fixtures"]),
        .testTarget(name: "GoldenTests", dependencies: ["EdgeSim"]),
    ]
)
