// swift-tools-version: 6.1
import PackageDescription

// The hot loops keep their state in locals; dynamic exclusivity checks on every
// access cost several percent of a large read, so release builds skip them
// (debug builds and tests keep them).
let fastRelease: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "SalesMetrics",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "salesmetrics", targets: ["salesmetrics"]),
        .library(name: "SalesMetrics", targets: ["SalesMetrics"]),
        .library(name: "SalesMetricsIO", targets: ["SalesMetricsIO"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // The API's OpenAPI document is built from the server's own operation list; without the
        // ExternalLoading trait (loading other files' references), which only costs build time.
        .package(url: "https://github.com/mattpolzin/OpenAPIKit", from: "6.4.0", traits: []),
    ],
    targets: [
        // Model, time, catalog and engine. Foundation only (+ BigInt for exact money division).
        .target(
            name: "SalesMetrics", dependencies: [.product(name: "BigInt", package: "BigInt")],
            swiftSettings: fastRelease),
        // CSV reading, dataset folders, demo data.
        .target(name: "SalesMetricsIO", dependencies: ["SalesMetrics"], swiftSettings: fastRelease),
        // The embedded store: SQLite through GRDB.
        .target(
            name: "SalesMetricsSQLite",
            dependencies: [
                "SalesMetrics", "SalesMetricsIO", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        // The team store: PostgreSQL through PostgresNIO's PostgresClient.
        .target(
            name: "SalesMetricsPostgres",
            dependencies: [
                "SalesMetrics", "SalesMetricsIO", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // The web dashboard and the JSON API (Hummingbird 2).
        .target(
            name: "SalesMetricsServer",
            dependencies: [
                "SalesMetrics", "SalesMetricsIO", "SalesMetricsSQLite",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
            ]),
        // Commands and renderers, kept in a library so tests can drive them in process.
        .target(
            name: "SalesMetricsCLI",
            dependencies: [
                "SalesMetrics", "SalesMetricsIO", "SalesMetricsSQLite", "SalesMetricsPostgres", "SalesMetricsServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ]),
        .executableTarget(name: "salesmetrics", dependencies: ["SalesMetricsCLI"]),
        // The libFuzzer target of the CSV parser, the field parsers and the dataset reader
        // (scripts/fuzz.sh); a normal build makes it a replayer of saved inputs.
        .executableTarget(name: "SalesMetricsFuzz", dependencies: ["SalesMetrics", "SalesMetricsIO"]),
        // What more than one test suite uses (golden files, the largest legal values).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "SalesMetricsTests", dependencies: ["SalesMetrics", "SalesMetricsIO", "TestSupport"]),
        .testTarget(name: "SalesMetricsIOTests", dependencies: ["SalesMetrics", "SalesMetricsIO"]),
        .testTarget(
            name: "SalesMetricsSQLiteTests",
            dependencies: [
                "SalesMetrics", "SalesMetricsIO", "SalesMetricsSQLite", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        // One suite run against every store (PostgreSQL when a URL is given; always in CI).
        .testTarget(
            name: "SalesMetricsStoreTests",
            dependencies: [
                "SalesMetrics", "SalesMetricsIO", "SalesMetricsSQLite", "SalesMetricsPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "SalesMetricsServerTests",
            dependencies: [
                "SalesMetricsServer", "SalesMetrics", "SalesMetricsIO", "SalesMetricsSQLite", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            exclude: ["Golden"]),
        .testTarget(
            name: "SalesMetricsCLITests",
            dependencies: ["SalesMetricsCLI", "SalesMetrics", "SalesMetricsIO", "TestSupport"],
            exclude: ["Fixtures", "Golden"]),
    ]
)
