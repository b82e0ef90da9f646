// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "xenpt",
    products: [
        .executable(name: "xenpt", targets: ["xenpt"]),
        .library(name: "XenPT", targets: ["XenPT"]),
        .library(name: "DeviceTree", targets: ["DeviceTree"]),
        .library(name: "Diagnostics", targets: ["Diagnostics"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Source files, locations, the Diagnostic value and its renderers. No Xen knowledge.
        .target(name: "Diagnostics"),
        // A general device-tree library: DTS/DTB in and out, semantics. No Xen knowledge.
        .target(name: "DeviceTree", dependencies: ["Diagnostics"]),
        // The product library: manifests, schema, model, resolver, generators, linter.
        .target(
            name: "XenPT",
            dependencies: ["DeviceTree", "Diagnostics", .product(name: "Yams", package: "Yams")]
        ),
        // The thin command line.
        .executableTarget(
            name: "xenpt",
            dependencies: ["XenPT", "DeviceTree", "Diagnostics", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Benchmark driver (release build): xenpt against dtc on generated sources.
        .executableTarget(name: "xenpt-bench", dependencies: ["DeviceTree"]),
        // Helpers shared by the test targets: goldens, oracle runners, fixtures.
        .target(name: "XenPTTestSupport", dependencies: ["Diagnostics"]),
        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics", "XenPTTestSupport"]),
        .testTarget(name: "DeviceTreeTests", dependencies: ["DeviceTree", "XenPTTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "XenPTTests", dependencies: ["XenPT", "DeviceTree", "XenPTTestSupport"]),
        .testTarget(name: "xenptTests", dependencies: ["xenpt", "XenPTTestSupport"], exclude: ["Scenarios", "Imports"]),
    ]
)
