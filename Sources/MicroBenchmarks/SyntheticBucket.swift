import Foundation
import ObjectStore

/// A made-up bucket listing: pages of objects with nested keys, sizes, times and ETags, the same
/// for the same seed.
///
/// Each page is made from its own generator (seeded from the bucket's seed and the page number),
/// so a page can be made on demand, in any order, without keeping the others.
struct SyntheticBucket: Sendable {
    var pageCount: Int
    var objectsPerPage: Int
    var seed: UInt64

    init(pageCount: Int, objectsPerPage: Int = 1000, seed: UInt64 = SeededGenerator.defaultSeed) {
        self.pageCount = pageCount
        self.objectsPerPage = objectsPerPage
        self.seed = seed
    }

    var objectCount: Int { pageCount * objectsPerPage }

    /// Top-level folders, some of them with characters that a URL or XML must escape.
    private static let datasets = ["logs", "images", "data set+1", "caf\u{E9}", "backups", "raw&cooked", "\u{D55C}\u{AE00}", "models"]
    private static let leafSuffixes = [".parquet", ".json.gz", ".jpg", ".csv", ".bin"]

    /// The objects of page `number` (0-based): keys `dataset/yyyy-mm/part-NNN/[shard-N/]object-N.ext`,
    /// unique across the bucket; sizes log-uniform from 1 byte to 1 GiB; single-part ETags with
    /// their MD5s.
    func page(_ number: Int) -> [ObjectInfo] {
        var generator = SeededGenerator(seed: seed &+ UInt64(number) &* 0x1_0000_0001)
        var objects: [ObjectInfo] = []
        objects.reserveCapacity(objectsPerPage)
        for offset in 0..<objectsPerPage {
            let index = number * objectsPerPage + offset
            objects.append(object(index: index, using: &generator))
        }
        return objects
    }

    private func object(index: Int, using generator: inout SeededGenerator) -> ObjectInfo {
        let dataset = Self.datasets[Int(generator.next() % UInt64(Self.datasets.count))]
        let month = 1 + Int(generator.next() % 12)
        let part = Int(generator.next() % 200)
        var key = dataset + "/2025-" + (month < 10 ? "0" : "") + String(month) + "/part-" + String(part) + "/"
        if generator.next() % 3 == 0 { key += "shard-" + String(generator.next() % 16) + "/" }
        key += "object-" + String(index) + Self.leafSuffixes[index % Self.leafSuffixes.count]

        let size = Int64(pow(2, Double.random(in: 0..<30, using: &generator)))
        let modified = Date(timeIntervalSince1970: 1_700_000_000 + Double(generator.next() % 30_000_000_000) / 1000)
        let digestBytes = (0..<16).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let md5 = MD5Digest(bytes: digestBytes)!
        return ObjectInfo(key: ObjectKey(key), size: size, lastModified: modified, etag: "\"" + md5.hex + "\"", md5: md5)
    }
}
