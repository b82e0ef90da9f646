// swift-tools-version:6.0
// libFuzzer targets for xenpt's input readers. Built only by `Fuzz/run` (with
// `-sanitize=fuzzer,address`), so the main package and `swift test` never see them.
import PackageDescription

let fuzzTargets = ["dtb", "dts", "dts-cpp", "manifest", "plan"]

let package = Package(
    name: "xenpt-fuzz",
    dependencies: [.package(name: "xenpt", path: "..")],
    targets: [
        // What every target shares: the entry point glue and the fixed inputs.
        .target(name: "FuzzSupport", dependencies: [
            .product(name: "XenPT", package: "xenpt"),
            .product(name: "DeviceTree", package: "xenpt"),
            .product(name: "Diagnostics", package: "xenpt"),
        ]),
    ] + fuzzTargets.map { name in
        .executableTarget(name: "fuzz-\(name)", dependencies: ["FuzzSupport"], path: "Sources/fuzz-\(name)")
    }
)
