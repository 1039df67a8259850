// swift-tools-version:6.0
// libFuzzer targets for the parts of readiness that read untrusted text. Kept in a package of
// their own so the product builds and tests never carry fuzzing instrumentation; build and run
// them with Scripts/fuzz.sh (docs/fuzzing.md).
import PackageDescription

let package = Package(
    name: "FuzzTesting",
    dependencies: [.package(name: "readiness", path: "..")],
    targets: [
        .executableTarget(
            name: "FuzzYAML",
            dependencies: [
                .product(name: "YAMLNode", package: "readiness"),
                .product(name: "SourceDiagnostics", package: "readiness"),
            ]),
        .executableTarget(
            name: "FuzzCELParse",
            dependencies: [.product(name: "CEL", package: "readiness")]),
        .executableTarget(
            name: "FuzzCELEval",
            dependencies: [.product(name: "CEL", package: "readiness")]),
        .executableTarget(
            name: "FuzzProfileDecoders",
            dependencies: [.product(name: "ReadinessCore", package: "readiness")]),
    ]
)
