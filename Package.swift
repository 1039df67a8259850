// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "readiness",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "readiness", targets: ["readiness"]),
        .library(name: "SourceDiagnostics", targets: ["SourceDiagnostics"]),
        .library(name: "YAMLNode", targets: ["YAMLNode"]),
        .library(name: "CEL", targets: ["CEL"]),
        .library(name: "ReadinessCore", targets: ["ReadinessCore"]),
        .library(name: "ReadinessReport", targets: ["ReadinessReport"]),
        .library(name: "ReadinessServer", targets: ["ReadinessServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
        .package(url: "https://github.com/onevcat/Rainbow", from: "4.2.2"),
        // The web application (ReadinessServer): HTTP, bcrypt, SQLite, logging.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // PostgreSQL, for deployments of several server instances over one database.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // The system libyaml: the one YAML parser this project uses.
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .target(name: "SourceDiagnostics"),
        .target(name: "YAMLNode", dependencies: ["CLibYAML", "SourceDiagnostics"]),
        .target(name: "CEL", dependencies: ["SourceDiagnostics"]),
        .target(
            name: "ReadinessCore",
            dependencies: [
                "CEL", "SourceDiagnostics", "YAMLNode",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "ReadinessReport",
            dependencies: [
                "ReadinessCore", .product(name: "Plot", package: "Plot"),
                .product(name: "Rainbow", package: "Rainbow"),
            ]
        ),
        .target(
            name: "ReadinessServer",
            dependencies: [
                "ReadinessCore", "ReadinessReport", "SourceDiagnostics", "YAMLNode",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Plot", package: "Plot"),
            ]
        ),
        .executableTarget(
            name: "readiness",
            dependencies: [
                "ReadinessCore",
                "ReadinessReport",
                "ReadinessServer",
                "SourceDiagnostics",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "readiness-bench",
            dependencies: [
                "CLibYAML", "SourceDiagnostics", "YAMLNode", "CEL", "ReadinessCore",
                "ReadinessReport", "ReadinessServer",
                "ReadinessTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "ReadinessTestSupport",
            dependencies: ["SourceDiagnostics"],
            path: "Tests/ReadinessTestSupport"
        ),
        .testTarget(
            name: "SourceDiagnosticsTests",
            dependencies: ["SourceDiagnostics", "ReadinessTestSupport"]
        ),
        .testTarget(
            name: "YAMLNodeTests",
            dependencies: ["YAMLNode", "SourceDiagnostics", "ReadinessTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "CELTests",
            dependencies: ["CEL", "SourceDiagnostics", "ReadinessTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ReadinessCoreTests",
            dependencies: [
                "ReadinessCore", "ReadinessReport", "SourceDiagnostics", "ReadinessTestSupport",
                "YAMLNode", .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ReadinessReportTests",
            dependencies: ["ReadinessCore", "ReadinessReport", "ReadinessTestSupport"]
        ),
        .testTarget(
            name: "ReadinessServerTests",
            dependencies: [
                "ReadinessServer", "ReadinessCore", "ReadinessTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "readinessTests",
            dependencies: [
                "readiness", "readiness-bench", "ReadinessServer", "ReadinessTestSupport",
            ],
            exclude: ["Fixtures", "Golden"]
        ),
    ]
)
