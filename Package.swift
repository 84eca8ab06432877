// swift-tools-version: 6.0
import PackageDescription

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
    ],
    targets: [
        // Model, time, catalog and engine. Foundation only (+ BigInt for exact money division).
        .target(name: "SalesMetrics", dependencies: [.product(name: "BigInt", package: "BigInt")]),
        // CSV reading, dataset folders, demo data.
        .target(name: "SalesMetricsIO", dependencies: ["SalesMetrics"]),
        // Commands and renderers, kept in a library so tests can drive them in process.
        .target(
            name: "SalesMetricsCLI",
            dependencies: [
                "SalesMetrics", "SalesMetricsIO",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "salesmetrics", dependencies: ["SalesMetricsCLI"]),
        .testTarget(name: "SalesMetricsTests", dependencies: ["SalesMetrics", "SalesMetricsIO"]),
        .testTarget(name: "SalesMetricsIOTests", dependencies: ["SalesMetrics", "SalesMetricsIO"]),
        .testTarget(
            name: "SalesMetricsCLITests",
            dependencies: ["SalesMetricsCLI", "SalesMetrics", "SalesMetricsIO"],
            exclude: ["Fixtures", "Golden"]),
    ]
)
