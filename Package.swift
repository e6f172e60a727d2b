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
        .library(name: "Digests", targets: ["Digests"]),
        .library(name: "MemoryBackend", targets: ["MemoryBackend"]),
        .library(name: "FileBackend", targets: ["FileBackend"]),
        .library(name: "Transfer", targets: ["Transfer"]),
        .library(name: "S3Backend", targets: ["S3Backend"]),
        .library(name: "Reporting", targets: ["Reporting"]),
        .library(name: "Clone", targets: ["Clone"]),
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
        // The contract: protocols and values only, no C library.
        .target(
            name: "ObjectStore",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // CRC-32C and CRC-64/NVME with the CPU's instructions behind table fallbacks.
        .target(name: "CChecksums"),
        // The one owner of OpenSSL's digests: MD5 (and the sinks and store defaults that hash by
        // reading), SHA-1, SHA-256, HMAC-SHA256; and of the checksums S3 stores (ChecksumHasher:
        // CRC32 from zlib, CRC32C and CRC64NVME from CChecksums).
        .target(name: "Digests", dependencies: ["CChecksums", "CCrypto", "CZlib", "ObjectStore"]),
        // The reference backend in memory; it hashes what it stores, as S3 does.
        .target(name: "MemoryBackend", dependencies: ["Digests", "ObjectStore"]),
        .target(name: "CPosix"),
        // gzip, for the data files of S3 Inventory (S3Backend's `GzipInflater`), and CRC32.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
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
                "CPosix",
                "CurlHTTP",
                "CZlib",
                "Digests",
                "ObjectStore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "FileBackend",
            dependencies: [
                "CPosix",
                "Digests",
                "ObjectStore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Transfer",
            // CPosix for one call: `FreedMemory` trims the allocator after a spill.
            dependencies: [
                "CPosix",
                "Digests",
                "ObjectStore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Reporting",
            dependencies: ["ObjectStore", "Transfer"]
        ),
        .target(
            name: "Clone",
            dependencies: [
                "CurlHTTP",
                "FileBackend",
                "ObjectStore",
                "Reporting",
                "S3Backend",
                "Transfer",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "s3clone",
            dependencies: [
                "CPosix",
                "Clone",
                "ObjectStore",
                "Reporting",
                "Transfer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Not a dependency of any test target: `swift test` never builds it.
        .executableTarget(
            name: "MicroBenchmarks",
            dependencies: [
                "CPosix",
                "CurlHTTP",
                "Digests",
                "FileBackend",
                "MemoryBackend",
                "ObjectStore",
                "S3Backend",
                "Transfer",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TestSupport",
            dependencies: ["CZlib", "CPosix", "Digests", "ObjectStore"],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "ObjectStoreTests",
            dependencies: ["Digests", "MemoryBackend", "ObjectStore", "TestSupport"]
        ),
        .testTarget(
            name: "DigestsTests",
            dependencies: ["CChecksums", "CZlib", "Digests", "ObjectStore", "TestSupport"]
        ),
        .testTarget(
            name: "FileBackendTests",
            dependencies: ["FileBackend", "ObjectStore", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "TransferTests",
            dependencies: ["Transfer", "Reporting", "ObjectStore", "Digests", "FileBackend", "MemoryBackend", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "CurlHTTPTests",
            dependencies: ["CurlHTTP", "ObjectStore", "TestSupport"]
        ),
        .testTarget(
            name: "S3BackendTests",
            dependencies: ["S3Backend", "CurlHTTP", "CZlib", "Digests", "MemoryBackend", "ObjectStore", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "ConformanceTests",
            dependencies: [
                "ObjectStore",
                "Digests",
                "FileBackend",
                "MemoryBackend",
                "S3Backend",
                "CurlHTTP",
                "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ReportingTests",
            dependencies: ["Reporting", "Transfer", "ObjectStore"]
        ),
        .testTarget(
            name: "CloneTests",
            dependencies: ["Clone", "Reporting", "Transfer", "ObjectStore", "S3Backend", "CurlHTTP", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "s3cloneTests",
            dependencies: ["s3clone", "TestSupport"]
        ),
    ]
)
