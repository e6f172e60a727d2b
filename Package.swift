// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "s3clone",
    // No `platforms`: the package is built and tested on Linux only, where SwiftPM needs none.
    // It once claimed macOS 15, which was never built or tested here, so the claim is gone.
    products: [
        .executable(name: "s3clone", targets: ["s3clone"]),
        .executable(name: "s3clone-microbench", targets: ["MicroBenchmarks"]),
        .library(name: "ObjectStore", targets: ["ObjectStore"]),
        .library(name: "FileBackend", targets: ["FileBackend"]),
        .library(name: "Transfer", targets: ["Transfer"]),
        .library(name: "S3Backend", targets: ["S3Backend"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(
            name: "ObjectStore",
            dependencies: [
                "CCrypto",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "CPosix"),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(
            name: "CurlHTTP",
            dependencies: [
                "CCurl",
                "CPosix",
                "ObjectStore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "S3Backend",
            dependencies: [
                "CCrypto",
                "CPosix",
                "CurlHTTP",
                "ObjectStore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "FileBackend",
            dependencies: [
                "CPosix",
                "ObjectStore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Transfer",
            dependencies: [
                "ObjectStore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "s3clone",
            dependencies: [
                "ObjectStore",
                "FileBackend",
                "S3Backend",
                "Transfer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Not a dependency of any test target: `swift test` never builds it.
        .executableTarget(
            name: "MicroBenchmarks",
            dependencies: [
                "CurlHTTP",
                "FileBackend",
                "ObjectStore",
                "S3Backend",
                "Transfer",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TestSupport",
            dependencies: ["ObjectStore"],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "ObjectStoreTests",
            dependencies: ["ObjectStore", "TestSupport"]
        ),
        .testTarget(
            name: "FileBackendTests",
            dependencies: ["FileBackend", "ObjectStore", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "TransferTests",
            dependencies: ["Transfer", "ObjectStore", "FileBackend", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "CurlHTTPTests",
            dependencies: ["CurlHTTP", "ObjectStore", "TestSupport"]
        ),
        .testTarget(
            name: "S3BackendTests",
            dependencies: ["S3Backend", "CurlHTTP", "ObjectStore", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "ConformanceTests",
            dependencies: [
                "ObjectStore",
                "FileBackend",
                "S3Backend",
                "CurlHTTP",
                "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "s3cloneTests",
            dependencies: ["s3clone", "TestSupport"]
        ),
    ]
)
